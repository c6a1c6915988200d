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

/// `waymark import --scheme` and `waymark status`, run as the real executable: another council's
/// plan keeps its words from the file to the status table.
@Suite(.serialized) struct SchemeImportCommandTests {
    @Test func aPlanImportedWithASchemeReportsInItsWords() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let path = Fixtures.directory.appendingPathComponent("plans/other-council-key-actions.tsv").path
        let unknown = try waymark.run("import", path, "--scheme", "purple")
        #expect(unknown.status != 0 && unknown.stderr.contains("--scheme: \"purple\" is not a status scheme; use standard, rag, brag, key_actions"), "\(unknown.stderr)")
        let badDay = try waymark.run("import", path, "--scheme", "key_actions", "--as-of", "1 April")
        #expect(badDay.status != 0 && badDay.stderr.contains("--as-of: \"1 April\" is not a date"))
        // Read in the standard scheme's words, "Under Control" is not a status: nothing is written.
        let standard = try waymark.run("import", path, "--plan", "Recovery Plan")
        #expect(standard.status != 0 && standard.stderr.contains("status") && standard.stderr.contains("nothing was changed"), "\(standard.stderr)")

        let imported = try waymark.run("import", path, "--plan", "Recovery Plan", "--scheme", "key_actions", "--as-of", "2025-04-01")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("was not placed"), "the Budget column is named: \(imported.stderr)")
        let status = try waymark.run("status", "--plan", "Recovery Plan", "--as-of", "2025-07-01")
        #expect(status.status == 0, "\(status.stderr)")
        let header = status.stdout.split(separator: "\n").first { $0.hasPrefix("Area") }.map(String.init) ?? ""
        for column in ["Achieved", "On Target", "Under Control", "Behind Schedule", "Pending", "Active", "% complete", "% Achieved or On Target"] {
            #expect(header.contains(column), "\(column) in \(header)")
        }
        #expect(!header.contains("Overdue"))
        let json = try waymark.run("status", "--plan", "Recovery Plan", "--format", "json")
        #expect(json.stdout.contains("\"scheme\" : \"key_actions\"") || json.stdout.contains("\"scheme\":\"key_actions\""), "\(json.stdout.prefix(400))")
        // A plan's scheme is changed on its settings page, not by importing in other words.
        let other = try waymark.run("import", path, "--plan", "Recovery Plan", "--scheme", "rag")
        #expect(other.status != 0 && other.stderr.contains("uses the key_actions status scheme, not rag"), "\(other.stderr)")
    }
}
