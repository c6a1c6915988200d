import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

@Suite struct PointInTimeViewTests {
    @Test(arguments: TestDatabase.allCases)
    func aPastMomentIsRebuiltFromTheAuditTrail(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
            let (hers, notHers) = try await seedMilestones(app)
            let yearEnd = CalendarDate(iso: "2017-12-31")!

            let beforeAnything = Date()
            _ = try await MilestoneUpdateService(db: app.db, user: officer).save(
                milestoneID: hers.id!, input: .init(commentary: "Done", completed: "2017-05-25", version: 1), today: AsOf.today())
            let afterCompletion = Date()
            _ = try await PlanStructureService(db: app.db, user: officer).setWithdrawn(notHers.id!, reason: "No longer needed", version: 1)

            let now = try await PointInTimeService.report(for: seeded, at: Date(), asOf: yearEnd, on: app.db)
            #expect(now.total.counts.completed == 1 && now.total.counts.withdrawn == 1 && now.total.counts.active == 114)
            let middle = try await PointInTimeService.report(for: seeded, at: afterCompletion, asOf: yearEnd, on: app.db)
            #expect(middle.total.counts.completed == 1 && middle.total.counts.withdrawn == 0 && middle.total.counts.active == 115)
            let start = try await PointInTimeService.report(for: seeded, at: beforeAnything, asOf: yearEnd, on: app.db)
            // As imported: the same figures as the seed's Q3 dashboard.
            #expect(start.total.counts.onTarget == 36 && start.total.counts.overdue == 79 && start.total.counts.completed == 0)
            // Before the plan was imported there was nothing to report.
            let empty = try await PointInTimeService.report(for: seeded, at: Date(timeIntervalSince1970: 0), asOf: yearEnd, on: app.db)
            #expect(empty.total.counts.active == 0)

            let listed = try await PointInTimeService.listings(plan: seeded, at: afterCompletion, asOf: yearEnd, on: app.db)
            #expect(listed.count == 115)
            #expect(listed.first { $0.id == hers.id }?.status == "completed" && listed.first { $0.id == notHers.id }?.lifecycle == "active")
            #expect(try await PointInTimeService.listings(plan: seeded, at: beforeAnything, asOf: yearEnd, on: app.db).first { $0.id == hers.id }?.status == "overdue")

            let middleLines = try await PointInTimeService.lines(planID: plan.planID, at: afterCompletion, asOf: yearEnd, on: app.db)
            let hersThen = try #require(middleLines.first { $0.milestoneID == hers.id })
            #expect(hersThen.status == .completed && hersThen.commentary == "Done" && hersThen.completedDate == "2017-05-25")
            let startLines = try await PointInTimeService.lines(planID: plan.planID, at: beforeAnything, asOf: yearEnd, on: app.db)
            #expect(startLines.first { $0.milestoneID == hers.id }.map { $0.commentary == nil && $0.status == .overdue } == true)
            #expect(startLines.first { $0.milestoneID == notHers.id }?.lifecycle == "active")

            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let past = try await viewer.get("/plans/\(plan.planID)?as_of=2017-12-31&recorded_on=2001-01-01").body.string
            #expect(past.contains("as it stood at the end of 1 Jan 2001, rebuilt from the audit trail"))
            #expect(past.contains("There are no active milestones."))
            #expect(try await viewer.get("/plans/\(plan.planID)?recorded_on=2017-02-30").status == .badRequest)
            let pastList = try await viewer.get("/plans/\(plan.planID)/milestones?recorded_on=2001-01-01").body.string
            #expect(pastList.contains("Milestones as they stood at the end of 1 Jan 2001") && pastList.contains(">No milestones match<"))
        }
    }
}
