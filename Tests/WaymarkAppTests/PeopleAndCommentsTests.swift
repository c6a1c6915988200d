import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

@Suite struct PeopleAndCommentsTests {
    @Test(arguments: TestDatabase.allCases)
    func thePerformanceTeamCorrectsPeopleAndLinksAccounts(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let service = PeopleService(db: app.db, user: officer)
            let kelly = try #require(try await Person.query(on: app.db).filter(\.$nameKey == "kerry palmer").first())
            let leadAccount = try #require(accounts.ids[.leadOfficer])

            _ = try await service.save(.init(name: "Kerry Palmer", jobTitle: "Head of Communications", email: "Kerry.Powell@council.test", userID: leadAccount),
                                       personID: try kelly.requireID())
            let saved = try #require(try await Person.find(kelly.id, on: app.db))
            #expect(saved.jobTitle == "Head of Communications")
            #expect(saved.email == "kerry.powell@council.test")
            // The lead officer account now speaks for Kerry, and no longer for Lucy.
            #expect(try await User.find(leadAccount, on: app.db)?.$person.id == kelly.id)

            #expect(try await service.save(.init(name: "Lucy  Marsh"), personID: try kelly.requireID()).errors.map(\.field) == ["name"])
            let newID = try #require(try await service.save(.init(name: "Nia New", jobTitle: "", email: ""), personID: nil).savedValue)
            #expect(try await Person.find(newID, on: app.db)?.name == "Nia New")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entity == "person").count() == 2)

            let viewer = try #require(try await User.find(accounts.ids[.viewer], on: app.db))
            await #expect(throws: WriteRefusal.self) { try await PeopleService(db: app.db, user: viewer).save(.init(name: "X Y"), personID: nil) }
        }
    }

    @Test func boardMembersCommentAndTheCommentIsInTheHistory() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var board = try WebClient(app)
            try await board.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            _ = try await board.get("/milestones/\(hers.id!)")
            let empty = try await board.post("/milestones/\(hers.id!)/comments", ["comment": "  "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("<a href=\"#comment\">Enter your comment</a>"))
            #expect(try await board.post("/milestones/\(hers.id!)/comments", ["comment": "Why has this slipped? <b>Explain</b>"]).status == .seeOther)
            let page = try await board.get("/milestones/\(hers.id!)").body.string
            #expect(page.contains("Why has this slipped? &lt;b&gt;Explain&lt;/b&gt;"))
            #expect(page.contains("Board member (board_member@council.test)"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.commented").count() == 1)
        }
    }
}
