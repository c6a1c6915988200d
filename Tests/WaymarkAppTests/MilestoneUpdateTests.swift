import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct MilestoneUpdateTests {
    @Test(arguments: TestDatabase.allCases)
    func aLeadOfficerRecordsAnUpdateAndTheDashboardChanges(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)

            let before = try await lead.get("/plans/\(plan.planID)?as_of=2017-12-31")
            #expect(before.body.string.contains("31% of milestones are completed or on target (36 of 115)"))

            _ = try await lead.get("/milestones/\(hers.id!)/update")
            let preview = try await lead.post("/milestones/\(hers.id!)/update",
                                              ["commentary": "Training delivered", "completed": "2017-05-25", "version": "1", "intent": "preview"])
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("If you save this update"))
            #expect(preview.body.string.contains("Completed on 25 May 2017, by the deadline of 31 May 2017"))
            #expect(try await Milestone.find(hers.id, on: app.db)?.version == 1)

            let saved = try await lead.post("/milestones/\(hers.id!)/update",
                                            ["commentary": "Training delivered", "completed": "2017-05-25", "version": "1", "intent": "save"])
            #expect(saved.status == .seeOther)
            let after = try await lead.get("/plans/\(plan.planID)?as_of=2017-12-31")
            #expect(after.body.string.contains("32% of milestones are completed or on target (37 of 115)"))

            let page = try await lead.get("/milestones/\(hers.id!)")
            #expect(page.body.string.contains("Training delivered"))
            #expect(page.body.string.contains("Lead officer (lead_officer@council.test)"))
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.progress_updated").all()
            #expect(audit.count == 1)
            #expect(audit[0].afterValues?.contains("2017-05-25") == true)
        }
    }

    @Test func invalidUpdatesShowAnErrorSummaryAndChangeNothing() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            _ = try await lead.get("/milestones/\(hers.id!)/update")
            let response = try await lead.post("/milestones/\(hers.id!)/update",
                                               ["commentary": "", "forecast": "2017-13-45", "proposed_deadline": "whenever", "version": "1", "intent": "save"])
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("<title>Error: "))
            #expect(body.contains("There is a problem"))
            #expect(body.contains("<a href=\"#commentary\">Enter a progress commentary</a>"))
            #expect(body.contains("<a href=\"#forecast\">Forecast completion date must be a real date"))
            #expect(body.contains("<a href=\"#proposed_deadline\">Proposed revised deadline: expected a month and year"))
            #expect(try await Milestone.find(hers.id, on: app.db)?.version == 1)
            #expect(try await MilestoneUpdate.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aStaleSaveGetsTheConflictPageAndOverwritesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            _ = try await lead.get("/milestones/\(hers.id!)/update")
            _ = try await officer.get("/milestones/\(hers.id!)/update")
            let first = try await officer.post("/milestones/\(hers.id!)/update",
                                               ["commentary": "Moved to June", "forecast": "2017-06-20", "version": "1", "intent": "save"])
            #expect(first.status == .seeOther)
            let second = try await lead.post("/milestones/\(hers.id!)/update",
                                             ["commentary": "Done early", "completed": "2017-05-02", "version": "1", "intent": "save"])
            #expect(second.status == .conflict)
            let body = second.body.string
            #expect(body.contains("This milestone was changed by Performance officer (performance_officer@council.test) at"))
            #expect(body.contains("Your update has not been saved"))
            #expect(body.contains("20 Jun 2017"))   // what is saved now
            #expect(body.contains("2 May 2017"))    // what they tried to save
            let milestone = try #require(try await Milestone.find(hers.id, on: app.db))
            #expect(milestone.forecastDate == "2017-06-20")
            #expect(milestone.completedDate == nil)
            #expect(milestone.version == 2)
        }
    }

    @Test func userTextIsAlwaysEscaped() async throws {
        try await withApp(.sqlite) { app in
            let csv = "Area,Activity,Milestone,Lead,Deadline\n<b>Area</b>,1. \"Quoted\" & <i>odd</i>,<script>alert(1)</script>,Lucy Marsh,May-18\n"
            let document = try PlanFileReader.read(Array(csv.utf8)).document
            let outcome = try await PlanImportService(db: app.db, actor: "test").run(document, planReference: "XSS plan", fileName: "x.csv")
            _ = try await TestAccounts.make(app)
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let milestone = try #require(try await Milestone.query(on: app.db).first())
            for path in ["/milestones/\(milestone.id!)", "/plans/\(outcome.planID)", "/plans/\(outcome.planID)/milestones"] {
                let body = try await viewer.get(path).body.string
                #expect(!body.contains("<script>alert(1)</script>"), "\(path)")
                #expect(!body.contains("<b>Area</b>"), "\(path)")
            }
            let page = try await viewer.get("/milestones/\(milestone.id!)").body.string
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("&quot;Quoted&quot; &amp; &lt;i&gt;odd&lt;/i&gt;"))
        }
    }

    @Test func apiTokensCarryTheirUsersRoleAndCanBeRevoked() async throws {
        try await withApp(.sqlite) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let viewer = try #require(try await User.find(accounts.ids[.viewer], on: app.db))
            let token = try await APITokenService(db: app.db).create(for: viewer, name: "script", by: "test")
            #expect(try await APIToken.query(on: app.db).first()?.tokenHash != token)  // only the digest is stored
            var client = try WebClient(app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            #expect(try await client.get("/api/v1/plans/\(plan.planID)/status", headers: headers).status == .ok)
            var bad = HTTPHeaders()
            bad.bearerAuthorization = .init(token: "wmk_nope")
            let refused = try await client.get("/api/v1/plans", headers: bad)
            #expect(refused.status == .unauthorized)
            #expect(refused.body.string.contains("\"invalid_token\""))
            try await APITokenService(db: app.db).revoke(try #require(try await APIToken.query(on: app.db).first()?.id), of: viewer, by: "test")
            #expect(try await client.get("/api/v1/plans", headers: headers).status == .unauthorized)
        }
    }
}

@Suite struct WithdrawnAndJointLeadTests {
    @Test(arguments: TestDatabase.allCases)
    func aWithdrawnMilestoneTakesNoUpdatesThroughTheService(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let (hers, _) = try await seedMilestones(app)
            _ = try await PlanStructureService(db: app.db, user: officer).setWithdrawn(hers.id!, reason: "Merged into 1.2", version: 1)
            // The API calls this service directly, so the rule must live here, not only in the form.
            await #expect(throws: WriteRefusal.self) {
                try await MilestoneUpdateService(db: app.db, user: officer).save(milestoneID: hers.id!, input: .init(commentary: "Late", version: 2), today: AsOf.today())
            }
            #expect(try await MilestoneUpdate.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aLeadNamedTwiceIsLinkedOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let (hers, _) = try await seedMilestones(app)
            let saved = try await PlanStructureService(db: app.db, user: officer).editMilestone(
                hers.id!, .init(title: hers.title, deadline: "May-17", leads: "Lucy Marsh / lucy  marsh / Tom Hartley", version: 1))
            guard case .saved = saved else { Issue.record("not saved: \(saved)"); return }
            #expect(try await MilestoneLead.query(on: app.db).filter(\.$milestone.$id == hers.id!).count() == 2)
        }
    }
}
