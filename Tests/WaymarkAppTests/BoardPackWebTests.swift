import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The quarter's journey through the pages: open Q3, propose revised deadlines, close it, let a
/// Board meeting agree one and reject the other, and produce the pack in each format.
@Suite struct BoardPackWebTests {
    @Test(arguments: TestDatabase.allCases)
    func closingAQuarterAndProducingTheBoardPack(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, notHers) = try await seedMilestones(app)
            let p = plan.planID
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            #expect(try await team.get("/plans/\(p)/periods").body.string.contains("Not opened"))
            #expect(try await team.post("/plans/\(p)/periods", ["period": "Q3 2017-18"]).status == .seeOther)
            let q3 = try #require(try await PlanReportingPeriod.query(on: app.db).first()).id!
            for (milestone, proposed) in [(hers, "Mar-18"), (notHers, "Jun-18")] {
                _ = try await team.get("/milestones/\(milestone.id!)/update")
                let saved = try await team.post("/milestones/\(milestone.id!)/update", ["commentary": "Slipped <script>alert(1)</script>", "proposed_deadline": proposed,
                                                                                        "proposed_reason": "Supplier delay", "version": "1", "intent": "save"])
                #expect(saved.status == .seeOther)
            }
            let areaID = hers.$activity.id
            let area = try #require(try await Activity.find(areaID, on: app.db)).$area.id
            _ = try await team.get("/periods/\(q3)/narrative")
            #expect(try await team.post("/periods/\(q3)/narrative", ["area_id": "\(area)", "author": "Afazul Hoque, Strategy, Policy and Performance",
                                                                   "background-\(area)": "Elections had a history of problems.",
                                                                   "achievements-\(area)": "- Register published\n- Postal vote pilot agreed",
                                                                   "continuing-\(area)": "Planning for May 2018."]).status == .seeOther)
            let refused = try await team.post("/periods/\(q3)/rating", ["area_id": "\(area)", "rating": "green", "justification-\(area)": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<a href=\"#justification-\(area)\">Enter the justification"))
            #expect(try await team.post("/periods/\(q3)/rating", ["area_id": "\(area)", "rating": "amber", "justification-\(area)": "Board asked for AMBER: the count venue is booked"]).status == .seeOther)

            // Four areas have no narrative: the warning comes first, and closing needs its confirmation.
            #expect(try await team.post("/periods/\(q3)/close", [:]).body.string.contains("Close Q3 2017-18 without a full narrative?"))
            let closed = try await team.post("/periods/\(q3)/close", ["confirm_missing_narrative": "yes"])
            #expect(closed.status == .seeOther)
            let frozen = try await team.get("/periods/\(q3)")
            #expect(frozen.body.string.contains("Frozen when the period closed: statuses as at 31 Dec 2017"))

            _ = try await team.get("/boards")
            #expect(try await team.post("/boards", ["name": "Best Value Improvement Board", "kind": "improvement_board", "chair": "The Mayor"]).status == .seeOther)
            let board = try #require(try await Board.query(on: app.db).first()).id!
            #expect(try await team.post("/boards/\(board)/meetings", ["held_on": "2017-12-18"]).status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).first()).id!
            #expect(try await team.post("/meetings/\(meeting)/items", ["title": "Improvement Plan Q3 update", "ask": "agree", "period_id": "\(q3)"]).status == .seeOther)
            let revisions = try await DeadlineRevision.query(on: app.db).sort(\.$id).all().map { $0.id! }
            let missing = try await team.post("/revisions/\(revisions[0])/decision", ["meeting_id": "\(meeting)"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("<a href=\"#decision-\(revisions[0])\">Select whether the Board agreed or rejected"))
            #expect(try await team.post("/revisions/\(revisions[0])/decision", ["meeting_id": "\(meeting)", "decision": "agreed", "minute_reference-\(revisions[0])": "BVIB 5.2"]).status == .seeOther)
            #expect(try await team.post("/revisions/\(revisions[1])/decision", ["meeting_id": "\(meeting)", "decision": "rejected", "minute_reference-\(revisions[1])": "BVIB 5.3"]).status == .seeOther)

            let refrozen = try await team.get("/periods/\(q3)").body.string
            #expect(refrozen.contains("Changes made since, with statuses still worked out for 31 Dec 2017: 1 revised deadline agreed; 0 status changes."))
            #expect(try await team.post("/plans/\(p)/cadence", ["cadence": "six_monthly"]).status == .seeOther)
            let halves = try await team.get("/plans/\(p)/periods").body.string
            #expect(halves.contains("H1 2017-18") && halves.contains("H2 2017-18") && halves.contains("Q3 2017-18"))
            #expect(!halves.contains("Q1 2017-18"))

            let agreedPage = try await team.get("/milestones/\(hers.id!)").body.string
            #expect(agreedPage.contains("<dt>Revised deadline agreed by the Board</dt><dd>Mar-18 (re-timed 1 time)."))
            #expect(agreedPage.contains("Agreed on 18 Dec 2017, minute BVIB 5.2"))

            var member = try WebClient(app)
            try await member.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let pack = try await member.get("/periods/\(q3)/pack").body.string
            #expect(pack.contains("Eastbrook Borough Council Improvement Plan 2017-18 – October to December 2017 Update"))
            #expect(pack.contains("<td>Afazul Hoque, Strategy, Policy and Performance</td><td>1</td><td>18 Dec 2017</td>"))
            #expect(pack.contains("31% of milestones are completed or on target (36 of 115)"))
            #expect(pack.contains("Overridden (the rule gives RED): Board asked for AMBER: the count venue is booked"))
            #expect(pack.contains("<li>Register published</li><li>Postal vote pilot agreed</li>"))
            #expect(pack.contains("Agreed 18 Dec 2017, minute BVIB 5.2") && pack.contains("Rejected 18 Dec 2017, minute BVIB 5.3"))
            #expect(pack.contains("Slipped &lt;script&gt;alert(1)&lt;/script&gt;") && !pack.contains("<script>alert"))
            #expect(pack.contains("Appendix 2: Eastbrook Borough Council Improvement Plan 2017-18 delivery plan"))

            let past = try await member.get("/periods/\(q3)/pack?recorded_on=2001-01-01").body.string
            #expect(past.contains("The plan as it stood at the end of 1 Jan 2001, rebuilt from the audit trail."))
            #expect(past.contains("There are no active milestones in this period."))

            let csv = try await member.get("/periods/\(q3)/pack.csv")
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.body.string.split(separator: "\n").count == 116)
            let xlsx = try await member.get("/periods/\(q3)/pack.xlsx")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            #expect(try await member.post("/periods/\(q3)/close", [:]).status == .forbidden)

            // The snapshot stays as reported even though the Board has since agreed a new deadline.
            let trail = try await member.get("/plans/\(p)/governance").body.string
            #expect(trail.contains("Closed Q3 2017-18: froze 115 milestones"))
            #expect(trail.contains("The Board agreed &quot;Mar-18&quot;"))
        }
    }
}

@Suite struct RatingSettingsTests {
    @Test(arguments: TestDatabase.allCases)
    func anAdministratorChangesTheThresholdsAndReportsFollow(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let admin = try #require(try await User.find(accounts.ids[.admin], on: app.db))
            let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
            let q3 = try ReportingPeriod.parse("Q3 2017-18").get()
            let day = CalendarDate(year: 2018, month: 1, day: 5)!
            var report = try await PeriodReport.build(plan: seeded, period: q3, record: nil, today: day, on: app.db)
            // Elections at Q3: 16 on target, 5 overdue of 21 (24%): RED under the standard rules.
            #expect(report.areas[0].ruleRating == .red)
            #expect(try await RatingSettings.save(.init(greenMinimumPercentCompletedOrOnTarget: 70, redAbovePercentOverdue: 30), by: admin, on: app.db).errors.isEmpty)
            report = try await PeriodReport.build(plan: seeded, period: q3, record: nil, today: day, on: app.db)
            #expect(report.areas[0].ruleRating == .amber)
            #expect(try await RatingSettings.save(.init(greenMinimumPercentCompletedOrOnTarget: 170, redAbovePercentOverdue: 30), by: admin, on: app.db).errors.map(\.field) == ["green_minimum"])
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            await #expect(throws: WriteRefusal.self) { try await RatingSettings.save(.standard, by: officer, on: app.db).errors }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "settings.rating_rules").count() == 1)
        }
    }
}
