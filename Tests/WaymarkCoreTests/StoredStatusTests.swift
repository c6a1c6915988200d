import Testing
@testable import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// The one path from stored columns to a status.
@Suite struct StoredStatusTests {
    @Test func aStoredDeadlineReadsBackAsParsed() throws {
        let parsed = try DeadlineParser.parse("Apr 17 & Oct 17")
        let stored = Deadline(stored: parsed.written, kind: parsed.kind.rawValue, earliestStart: parsed.earliestStart?.iso, due: parsed.due?.iso,
                              checkpoints: parsed.checkpoints.map(\.iso).joined(separator: ","))
        #expect(stored == parsed)
        #expect(Deadline(stored: nil, kind: "someday", earliestStart: nil, due: "2018-05-31", checkpoints: nil).kind == .noFixedDate)
        #expect(Deadline(stored: "May-18", kind: "dated", earliestStart: "not a date", due: "2018-05-31", checkpoints: ",,x").checkpoints.isEmpty)
    }

    @Test func storedDatesBecomeFacts() throws {
        let deadline = try DeadlineParser.parse("May-18")
        let facts = MilestoneFacts(deadline: deadline, storedForecast: "2018-06-15", storedCompletion: nil)
        #expect(facts == MilestoneFacts(deadline: deadline, forecast: day(2018, 6, 15), completedOn: nil))
        #expect(StatusRules.assess(facts, asOf: day(2018, 5, 1)).status == .delayed)
    }

    @Test func theStatusAgainstARevisedDeadlineIsASecondFigure() throws {
        let facts = MilestoneFacts(deadline: try DeadlineParser.parse("Dec-17"), storedForecast: "2018-03-20", storedCompletion: nil)
        #expect(StatusRules.assess(facts, asOf: day(2018, 1, 10)).status == .overdue)
        #expect(StatusRules.assess(facts, againstRevised: "Mar-18", asOf: day(2018, 1, 10))?.status == .onTarget)
        #expect(StatusRules.assess(facts, againstRevised: "Feb-18", asOf: day(2018, 1, 10))?.status == .delayed)
        #expect(StatusRules.assess(facts, againstRevised: nil, asOf: day(2018, 1, 10)) == nil)
        #expect(StatusRules.assess(facts, againstRevised: "Smarch", asOf: day(2018, 1, 10)) == nil)
        let done = MilestoneFacts(deadline: try DeadlineParser.parse("Dec-17"), storedForecast: nil, storedCompletion: "2018-02-01")
        #expect(StatusRules.assess(done, againstRevised: "Mar-18", asOf: day(2018, 2, 2))?.status == .completed)
    }
}
