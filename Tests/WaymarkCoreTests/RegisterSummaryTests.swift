import Testing
@testable import WaymarkCore

@Suite struct RegisterSummaryTests {
    let stages: [(name: String, closes: Bool)] = [("Received", false), ("Investigating", false), ("Closed", true)]
    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func countsByStageWhatCameAndWentAndTheOldestOpen() {
        let items: [RegisterSummary.Item] = [
            .init(reference: "CU-001", receivedOn: day("2017-01-10"), stageIndex: 2, closedOn: day("2017-10-05")),
            .init(reference: "CU-002", receivedOn: day("2017-02-01"), stageIndex: 1, closedOn: nil),
            .init(reference: "CU-003", receivedOn: day("2017-11-20"), stageIndex: 0, closedOn: nil),
            .init(reference: "CU-004", receivedOn: day("2017-06-01"), stageIndex: 2, closedOn: day("2017-08-01")),
            // Not yet received on the day of the summary: not counted at all.
            .init(reference: "CU-005", receivedOn: day("2018-01-03"), stageIndex: 0, closedOn: nil),
        ]
        let summary = RegisterSummary.make(name: "Allegations", stages: stages, items: items, from: day("2017-10-01"), asOf: day("2017-12-31"))
        #expect(summary.stages.map(\.count) == [1, 1, 2])
        #expect(summary.total == 4 && summary.open == 2)
        #expect(summary.openedInPeriod == 1)
        #expect(summary.closedInPeriod == 1)
        #expect(summary.oldestOpen == .init(reference: "CU-002", receivedOn: "2017-02-01", days: 333))
        #expect(summary.sentence == "4 items: 2 open, 2 closed; 1 received and 1 closed this period. The oldest open, CU-002, has been open 333 days.")
    }

    @Test func anEmptyRegisterSaysSo() {
        let summary = RegisterSummary.make(name: "Complaints", stages: stages, items: [], from: day("2017-10-01"), asOf: day("2017-12-31"))
        #expect(summary.total == 0 && summary.oldestOpen == nil)
        #expect(summary.sentence == "0 items: 0 open, 0 closed; 0 received and 0 closed this period.")
    }

    @Test func theOldestOpenIsTheEarliestReceivedAndTiesGoByReference() {
        let items: [RegisterSummary.Item] = [
            .init(reference: "B", receivedOn: day("2017-03-01"), stageIndex: 0, closedOn: nil),
            .init(reference: "A", receivedOn: day("2017-03-01"), stageIndex: 1, closedOn: nil),
        ]
        let summary = RegisterSummary.make(name: "R", stages: stages, items: items, from: day("2017-01-01"), asOf: day("2017-03-02"))
        #expect(summary.oldestOpen?.reference == "A" && summary.oldestOpen?.days == 1)
    }
}
