import Foundation
import Testing
import WaymarkTestSupport
@testable import WaymarkApp

/// `waymark open-period`, `close-period` and `publish`, run as the real executable.
@Suite(.serialized) struct PublishCommandTests {
    @Test func aQuarterIsOpenedClosedAndPublishedFromTheCommandLine() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        #expect(try waymark.run("import", Fixtures.shapedPlanPath).status == 0)
        let unopened = try waymark.run("publish", "--plan", "1", "--period", "Q3 2017-18")
        #expect(unopened.status != 0 && unopened.stderr.contains("--period: Q3 2017-18 of Eastbrook Borough Council Improvement Plan 2017-18 has not been opened"), "\(unopened.stderr)")
        #expect(try waymark.run("open-period", "--plan", "1", "--period", "Q3 2017-18").stdout.contains("Opened Q3 2017-18"))
        let open = try waymark.run("publish", "--plan", "1", "--period", "Q3 2017-18")
        #expect(open.status != 0 && open.stderr.contains("Q3 2017-18 is still open: only a closed period's frozen snapshot can be published"), "\(open.stderr)")
        let badLabel = try waymark.run("close-period", "--plan", "1", "--period", "Q7 2017")
        #expect(badLabel.status != 0 && badLabel.stderr.contains("--period:"))
        let closed = try waymark.run("close-period", "--plan", "1", "--period", "Q3 2017-18")
        #expect(closed.status == 0 && closed.stdout.contains("Closed Q3 2017-18: its snapshot is frozen as at 2017-12-31."), "\(closed.stdout)\(closed.stderr)")
        let published = try waymark.run("publish", "--plan", "1", "--period", "Q3 2017-18")
        #expect(published.status == 0 && published.stdout.contains("Published Q3 2017-18 as publication 1: "), "\(published.stderr)")
        let again = try waymark.run("publish", "--plan", "1", "--period", "Q3 2017-18")
        #expect(again.status != 0 && again.stderr.contains("already publication 1"))
    }
}

/// `waymark schemes`, run as the real executable.
@Suite(.serialized) struct SchemesCommandTests {
    @Test func theBuiltInSchemesAreListedWithTheirStatuses() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let listed = try waymark.run("schemes")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("standard: On Target, Completed, Delayed, Overdue\n  completed – Completed (completed)\n  on_target – On Target (on track)\n  delayed – Delayed (late within tolerance, up to 1 month late)\n  overdue – Overdue (late beyond tolerance, later than that)"), "\(listed.stdout)")
        #expect(listed.stdout.contains("  suspended – Suspended (by decision, set with a reason)"))
        #expect(listed.stdout.contains("brag: BRAG: Blue, Green, Amber, Red") && listed.stdout.contains("key_actions: Achieved"))
    }
}
