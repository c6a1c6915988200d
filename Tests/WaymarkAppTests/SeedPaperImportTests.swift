import Foundation
import Testing
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// The real plan imported into both databases, with the Board's Q3 figures. Runs only where the
/// council papers are found (they are not part of the repository).
@Suite(.enabled(if: Seeds.isAvailable, Comment(rawValue: Seeds.skipReason)))
struct SeedPaperImportTests {
    @Test(arguments: TestDatabase.allCases)
    func importsThePaperAndReportsQ3(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let document = try PlanFileReader.read(try Seeds.bytes(Seeds.deliveryPlanName)).document
            let outcome = try await PlanImportService(db: app.db, actor: "test").run(document, planReference: nil, fileName: Seeds.deliveryPlanName)
            #expect(outcome.createdMilestones == 115)
            #expect(try await app.count("areas") == 5)
            #expect(try await app.count("activities") == 26)
            #expect(try await app.count("people") == 18)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            #expect(plan.title == "Best Value Improvement Plan 2017-18")
            let report = try await PlanStatusService.report(for: plan, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(report.areas.map(\.counts.overdue) == [5, 7, 9, 18, 40])
            #expect(report.total.counts.onTarget == 36)
            #expect(report.total.counts.active == 115)
        }
    }
}
