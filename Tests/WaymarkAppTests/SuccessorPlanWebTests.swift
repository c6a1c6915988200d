import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The successor form the hard way: ten posts of one version on two servers, a form that says
/// what is wrong, hostile titles shown as text, and both plans' pages showing the link.
@Suite struct SuccessorPlanWebTests {
    /// The form as a browser posts it: every open milestone ticked.
    static func form(_ app: Application, planID: Int, title: String, version: Int) async throws -> [String: String] {
        var form = ["title": title, "period_label": "2018-19", "closing_on": "2018-03-31", "version": String(version)]
        for id in try await SuccessorPlanTests.openIDs(app, planID: planID) { form["carry_\(id)"] = "yes" }
        return form
    }

    @Test(arguments: TestDatabase.allCases)
    func tenStartsOfOneVersionOnTwoServersMakeExactlyOnePlan(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (planID, _, _) = try await SuccessorPlanTests.endingPlan(first)
            var client = try WebClient(first)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await client.get("/plans/\(planID)/successor")
            let fields = try await Self.form(first, planID: planID, title: "Eastbrook Improvement Plan 2018-19", version: 0)
            let codes = try await raceForm("/plans/\(planID)/successor", fields, as: client, servers: [first, second])
            #expect(codes.filter { $0 == 303 }.count == 1, "\(codes)")
            #expect(codes.allSatisfy { $0 == 303 || $0 == 409 || $0 == 422 }, "\(codes)")
            #expect(try await Plan.query(on: first.db).count() == 2)
            #expect(try await Plan.query(on: first.db).filter(\.$successorOf == planID).count() == 1)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "plan.closed").count() == 1)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "plan.successor_started").count() == 1)
            let open = try await SuccessorPlanTests.openIDs(first, planID: planID)
            let newID = try #require(try await Plan.query(on: first.db).filter(\.$successorOf == planID).first()?.id)
            #expect(try await Milestone.query(on: first.db).filter(\.$plan.$id == newID).count() == open.count)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theFormSaysWhatIsWrongAndBothPlansShowTheLink(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, _, _) = try await SuccessorPlanTests.endingPlan(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let open = try await SuccessorPlanTests.openIDs(app, planID: planID)

            #expect(try await web.get("/plans/\(planID)").body.string.contains("href=\"/plans/\(planID)/successor\""))
            let page = try await web.get("/plans/\(planID)/successor").body.string
            #expect(page.contains("<legend class=\"fieldset__legend\"><h2>Milestones to carry forward</h2></legend>") && page.contains("Elections (") && page.contains(" open)</legend>"))
            #expect(page.components(separatedBy: "type=\"checkbox\" value=\"yes\" checked").count - 1 == open.count)
            #expect(page.contains("name=\"closing_on\" type=\"date\" value=\"\(AsOf.today().iso)\""))

            // Everything wrong at once: each named in the summary, linked to its field, nothing saved.
            let bad = try await web.post("/plans/\(planID)/successor", ["title": "", "closing_on": "2018-02-30", "version": "0", "carry_999999": "yes"])
            #expect(bad.status == .unprocessableEntity)
            let body = bad.body.string
            #expect(body.contains("<title>Error: Start a successor plan") && body.contains("href=\"#title\"") && body.contains("href=\"#closing_on\""))
            #expect(body.contains("Enter the new plan&#39;s title") && body.contains("The closing day must be a real date"))
            let carry = try await web.post("/plans/\(planID)/successor", ["title": "Next plan", "closing_on": "2018-03-31", "version": "0", "carry_999999": "yes"])
            #expect(carry.status == .unprocessableEntity && carry.body.string.contains("href=\"#carry\"") && carry.body.string.contains("id=\"carry\""))
            let stale = try await web.post("/plans/\(planID)/successor", ["title": "Next plan", "closing_on": "2018-03-31", "version": "5"])
            #expect(stale.status == .conflict && stale.body.string.contains("Nothing you sent was saved"))
            #expect(try await Plan.find(planID, on: app.db)?.state == .active)

            // Markup in the title is kept as text wherever it is shown.
            let hostile = "<script>alert(1)</script> & Plan 2018-19"
            let made = try await web.post("/plans/\(planID)/successor", try await Self.form(app, planID: planID, title: hostile, version: 0))
            #expect(made.status == .seeOther)
            let newID = try #require(try await Plan.query(on: app.db).filter(\.$title == hostile).first()?.id)
            #expect(made.headers.first(name: .location) == "/plans/\(newID)?successor=1")
            let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Plan 2018-19"

            let newPage = try await web.get("/plans/\(newID)?successor=1").body.string
            #expect(newPage.contains("New plan started") && newPage.contains("Continues <a href=\"/plans/\(planID)\">Eastbrook"))
            #expect(newPage.contains("\(open.count) milestones carried forward.") && newPage.contains(escaped) && !newPage.contains("<script>alert"))
            let oldPage = try await web.get("/plans/\(planID)").body.string
            #expect(oldPage.contains("Closed on 31 Mar 2018. Its work continues in <a href=\"/plans/\(newID)\">\(escaped)</a>."))
            #expect(oldPage.contains("114 milestones: 3 completed, 111 carried forward to \(escaped)."))
            #expect(!oldPage.contains("<script>alert") && !oldPage.contains("/plans/\(planID)/successor\""))
            let list = try await web.get("/plans").body.string
            #expect(list.contains("<td>Closed</td>") && list.contains(escaped))

            // The closed plan's form is gone for good: it says where the work went instead.
            let closedForm = try await web.get("/plans/\(planID)/successor").body.string
            #expect(!closedForm.contains("<form method=\"post\" action=\"/plans/\(planID)/successor\"") && closedForm.contains("Its work continues in"))
            let second = try await web.post("/plans/\(planID)/successor", try await Self.form(app, planID: planID, title: "Yet another", version: 1))
            #expect(second.status == .unprocessableEntity && second.body.string.contains("already has a successor") && second.body.string.contains("href=\"#successor\""))

            // Each carried milestone and its origin link to each other.
            let copy = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == newID).first())
            let originID = try #require(copy.carriedFrom)
            let copyPage = try await web.get("/milestones/\(copy.requireID())").body.string
            #expect(copyPage.contains("<dt>Carried forward from</dt><dd><a href=\"/milestones/\(originID)\">") && copyPage.contains("its history before that is there"))
            let originPage = try await web.get("/milestones/\(originID)").body.string
            #expect(originPage.contains("<dt>Carried forward to</dt><dd><a href=\"/milestones/\(try copy.requireID())\">") && originPage.contains(escaped))
        }
    }
}
