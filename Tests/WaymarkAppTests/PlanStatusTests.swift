import Fluent
import Foundation
import Testing
import WaymarkTestSupport
import Vapor
import WaymarkCore
@testable import WaymarkApp

@Suite struct PlanStatusTests {
    @Test(arguments: TestDatabase.allCases)
    func seedPlanStatusAtTheEndOfQ3(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let report = try await PlanStatusService.report(for: plan, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            // With no progress recorded, every deadline up to Nov-17 is more than a month past on
            // 31 Dec 2017, so Overdue; Dec-17 and later deadlines, and "On-going", are On Target.
            #expect(report.areas.map(\.name) == ["Elections", "Communications", "Property", "Grants", "Organisational Culture"])
            #expect(report.areas.map(\.counts.overdue) == [5, 7, 9, 18, 40])
            #expect(report.total.counts.active == 115)
            #expect(report.total.counts.onTarget == 36)
            #expect(report.total.counts.percentCompletedOrOnTarget == 31)
            #expect(report.activities.map(\.activityNumber) == Array(1...26))
            #expect(report.activities.map(\.counts.active) == [14, 7, 5, 4, 1, 7, 1, 2, 2, 5, 3, 3, 4, 4, 4, 4, 3, 3, 5, 5, 3, 5, 6, 6, 4, 5])
            #expect(report.activities.reduce(StatusCounts()) { $0 + $1.counts } == report.total.counts)

            // Record two completions and a forecast; the figures move accordingly.
            let milestones = try await Milestone.query(on: app.db).filter(\.$deadlineText == "Jan-17").all()
            for milestone in milestones {
                milestone.completedDate = "2017-01-20"
                try await milestone.save(on: app.db)
            }
            let after = try await PlanStatusService.report(for: plan, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(after.total.counts.completed == milestones.count)
            #expect(after.total.counts.overdue == 79 - milestones.count)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func milestoneListFiltersByStatusAreaAndLead(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let asOf = CalendarDate(year: 2017, month: 12, day: 31)!

            let all = try await MilestoneQuery.list(plan: plan, asOf: asOf, filter: .init(), on: app.db)
            #expect(all.count == 115)
            #expect(all.first?.ref == "1.1")
            #expect(all.first?.leads == ["Tom Hartley", "Lucy Marsh"])

            let grantsOverdue = try await MilestoneQuery.list(plan: plan, asOf: asOf, filter: .init(status: .overdue, area: "grants"), on: app.db)
            #expect(grantsOverdue.count == 18)
            #expect(grantsOverdue.allSatisfy { $0.area == "Grants" && $0.status == "overdue" })

            let kerry = try await MilestoneQuery.list(plan: plan, asOf: asOf, filter: .init(lead: "kerry"), on: app.db)
            #expect(kerry.count == 2)

            let ongoing = all.filter { $0.deadlineKind == "no_fixed_date" }
            #expect(ongoing.count == 2)
            #expect(ongoing.allSatisfy { $0.status == "on_target" && $0.due == nil })
            let overdue = try #require(all.first { $0.deadline == "Jun-17" })
            #expect(overdue.statusExplanation.hasPrefix("Overdue: due 30 Jun 2017"))
        }
    }
}
