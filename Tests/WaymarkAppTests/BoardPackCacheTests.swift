import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The pack page is built once per data version of its plan, so every write that changes what a
/// pack says must move the version on, or readers would be shown yesterday's pack.
@Suite struct BoardPackCacheTests {
    @Test(arguments: TestDatabase.allCases)
    func thePackIsDrawnOncePerVersionAndAgainAfterEachWrite(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            #expect(try await team.post("/plans/\(plan.planID)/periods", ["period": "Q3 2017-18"]).status == .seeOther)
            let q3 = try #require(try await PlanReportingPeriod.query(on: app.db).first()).id!
            let area = try #require(try await Area.query(on: app.db).filter(\.$plan.$id == plan.planID).sort(\.$position).first()).id!

            _ = try await team.get("/periods/\(q3)/narrative")
            #expect(try await team.post("/periods/\(q3)/narrative", ["area_id": "\(area)", "author": "Strategy, Policy and Performance",
                                                                   "background-\(area)": "First background.", "achievements-\(area)": "",
                                                                   "continuing-\(area)": ""]).status == .seeOther)
            #expect(try await team.get("/periods/\(q3)/pack").body.string.contains("First background."))

            // A change behind the services' back is not seen: the page really is kept.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE period_narratives SET background = 'Edited behind its back.'").run()
            #expect(try await team.get("/periods/\(q3)/pack").body.string.contains("First background."))
            try await PlanDataVersion.bump(plan.planID, on: app.db)
            #expect(try await team.get("/periods/\(q3)/pack").body.string.contains("Edited behind its back."))

            // Naming the period in a meeting's agenda puts the meeting on the pack's cover.
            #expect(try await team.post("/boards", ["name": "Best Value Improvement Board", "kind": "improvement_board", "chair": "The Mayor"]).status == .seeOther)
            let board = try #require(try await Board.query(on: app.db).first()).id!
            #expect(try await team.post("/boards/\(board)/meetings", ["held_on": "2017-12-18"]).status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).first()).id!
            #expect(try await team.post("/meetings/\(meeting)/items", ["title": "Improvement Plan Q3 update", "ask": "agree", "period_id": "\(q3)"]).status == .seeOther)
            #expect(try await team.get("/periods/\(q3)/pack").body.string.contains("<td>Strategy, Policy and Performance</td><td>1</td><td>18 Dec 2017</td>"))

            // A milestone update shows at once.
            let (hers, _) = try await seedMilestones(app)
            _ = try await team.get("/milestones/\(hers.id!)/update")
            #expect(try await team.post("/milestones/\(hers.id!)/update", ["commentary": "Audit booked with the supplier", "version": "1", "intent": "save"]).status == .seeOther)
            #expect(try await team.get("/periods/\(q3)/pack").body.string.contains("Audit booked with the supplier"))

            // A past view is never served from the cache.
            let past = try await team.get("/periods/\(q3)/pack?recorded_on=2000-01-01").body.string
            #expect(!past.contains("Audit booked with the supplier"))
        }
    }
}
