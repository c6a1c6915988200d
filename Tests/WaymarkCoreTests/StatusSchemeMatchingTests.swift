import Testing
@testable import WaymarkCore

/// `status(matching:)` for every built-in scheme: codes, names and short names, however written.
@Suite struct StatusSchemeMatchingTests {
    @Test(arguments: StatusScheme.builtIn.map(\.code))
    func everyStatusMatchesItsCodeNameAndShortName(code: String) throws {
        let scheme = try #require(StatusScheme.named(code))
        for status in scheme.statuses {
            for written in [status.code, status.name, status.shortName, status.name.uppercased(), " \(status.shortName.lowercased()) ",
                            status.code.replacingOccurrences(of: "_", with: "-")] {
                #expect(scheme.status(matching: written) == status, "\(code): \"\(written)\"")
            }
        }
        #expect(scheme.status(matching: "Withdrawn") == nil)
        #expect(scheme.status(matching: "") == nil)
        #expect(scheme.status(matching: "Purple") == nil)
    }

    @Test func theStandardSchemeAlsoReadsTheUsualWords() {
        let standard = StatusScheme.standard
        #expect(["Complete", "Done", "Completed", "COMPLETED"].map { standard.status(matching: $0)?.code } == Array(repeating: "completed", count: 4))
        #expect(["On track", "on-target", "On Target"].map { standard.status(matching: $0)?.code } == Array(repeating: "on_target", count: 3))
        #expect(standard.status(matching: "Delayed")?.code == "delayed")
        #expect(standard.status(matching: "OVERDUE")?.code == "overdue")
    }

    @Test func eachSchemeInItsOwnWords() {
        #expect(StatusScheme.rag.status(matching: "Green")?.code == "green")
        #expect(StatusScheme.rag.status(matching: "Green - on target")?.code == "green")
        #expect(StatusScheme.rag.status(matching: "rescheduled with approval")?.code == "rescheduled")
        #expect(StatusScheme.rag.status(matching: "Done") == nil)
        #expect(StatusScheme.brag.status(matching: "Blue")?.code == "blue")
        #expect(StatusScheme.brag.status(matching: "Complete") == nil)
        #expect(StatusScheme.keyActions.status(matching: "Behind schedule")?.code == "behind_schedule")
        #expect(StatusScheme.keyActions.status(matching: "Under control")?.code == "under_control")
        // Its "On Target" has the standard code, so the standard's words for it are read too.
        #expect(StatusScheme.keyActions.status(matching: "On track")?.code == "on_target")
    }

    @Test func namesListedForAMessage() {
        #expect(StatusScheme.rag.statusNamesListed == "Complete, Green, Amber, Red, Rescheduled with approval or Suspended")
        #expect(StatusScheme.brag.statusNamesListed == "Blue, Green, Amber or Red")
        #expect(StatusScheme.keyActions.statusNamesListed == "Achieved, On Target, Under Control, Behind Schedule or Pending")
    }
}
