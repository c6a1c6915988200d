import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A person in the plan is linked only to a lead officer's account: the link decides whose
/// milestones an account updates, so a viewer's or an administrator's account is refused, from
/// the page and the service alike, and the page offers lead officers' accounts only.
@Suite struct LeadOfficerLinkTests {
    @Test(arguments: TestDatabase.allCases)
    func onlyALeadOfficersAccountIsLinked(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let kerry = try #require(try await Person.query(on: app.db).filter(\.$nameKey == "kerry palmer").first())
            let kerryID = try kerry.requireID()
            let service = PeopleService(db: app.db, user: officer)
            let before = try await app.count("audit_events")

            for role in [Role.viewer, .boardMember, .admin] {
                let result = try await service.save(.init(name: "Kerry Palmer", userID: accounts.ids[role]), personID: kerryID)
                #expect(result.errors == [FieldError(field: "user_id", message: "Select a lead officer's account: \(role.label) accounts cannot update milestones")])
            }
            let team = try await service.save(.init(name: "Kerry Palmer", userID: accounts.ids[.performanceOfficer]), personID: kerryID)
            #expect(team.errors == [FieldError(field: "user_id",
                                               message: "Select a lead officer's account: performance officer accounts update every milestone, not one person's")])
            for role in [Role.viewer, .boardMember, .admin, .performanceOfficer] {
                #expect(try await User.find(accounts.ids[role], on: app.db)?.$person.id == nil)
            }
            #expect(try await app.count("audit_events") == before)

            // The probe's request: POST /people/:id with a viewer's account.
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let page = try await web.get("/people/\(kerryID)")
            let choices = page.body.string
            #expect(choices.contains("(\(TestAccounts.email(.leadOfficer)))</option>"))
            for role in [Role.viewer, .boardMember, .admin, .performanceOfficer] {
                #expect(!choices.contains("value=\"\(accounts.ids[role]!)\""), "\(role) is offered")
            }
            let refused = try await web.post("/people/\(kerryID)", ["name": "Kerry Palmer", "job_title": "", "email": "",
                                                                      "user_id": String(accounts.ids[.viewer]!)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Select a lead officer&#39;s account: Viewer accounts cannot update milestones"))
            #expect(try await User.find(accounts.ids[.viewer], on: app.db)?.$person.id == nil)

            // A lead officer's account is linked, moving from the person it spoke for.
            let linked = try await web.post("/people/\(kerryID)", ["name": "Kerry Palmer", "job_title": "", "email": "",
                                                                    "user_id": String(accounts.ids[.leadOfficer]!)])
            #expect(linked.status == .seeOther)
            #expect(try await User.find(accounts.ids[.leadOfficer], on: app.db)?.$person.id == kerryID)
        }
    }
}
