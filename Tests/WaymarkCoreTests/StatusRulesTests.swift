import Testing
import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }
private func facts(_ written: String, forecast: CalendarDate? = nil, completed: CalendarDate? = nil) throws -> MilestoneFacts {
    MilestoneFacts(deadline: try DeadlineParser.parse(written), forecast: forecast, completedOn: completed)
}

@Suite struct StatusRulesTests {
    // "Jun-17" is due 30 Jun 2017; one calendar month on is 30 Jul 2017.
    @Test(arguments: [
        (day(2017, 6, 1), MilestoneStatus.onTarget),
        (day(2017, 6, 30), .onTarget),       // the due date itself
        (day(2017, 7, 1), .delayed),         // the day after
        (day(2017, 7, 30), .delayed),        // exactly one month after
        (day(2017, 7, 31), .overdue),        // one day more
        (day(2018, 1, 1), .overdue),
    ])
    func judgesAgainstTheDueDateWithAMonthsTolerance(asOf: CalendarDate, expected: MilestoneStatus) throws {
        #expect(StatusRules.assess(try facts("Jun-17"), asOf: asOf).status == expected)
    }

    @Test func toleranceIsACalendarMonthFromTheMonthEnd() throws {
        // Due 31 Jan 2017: the tolerance ends 28 Feb, not 3 March.
        let january = try facts("31 Jan 2017")
        #expect(StatusRules.assess(january, asOf: day(2017, 2, 28)).status == .delayed)
        #expect(StatusRules.assess(january, asOf: day(2017, 3, 1)).status == .overdue)
        // In a leap year the tolerance ends on 29 Feb.
        let leap = try facts("Jan-20")
        #expect(StatusRules.assess(leap, asOf: day(2020, 2, 29)).status == .delayed)
        #expect(StatusRules.assess(leap, asOf: day(2020, 3, 1)).status == .overdue)
    }

    @Test func forecastDecidesBeforeTheDueDatePasses() throws {
        let asOf = day(2017, 5, 15)
        #expect(StatusRules.assess(try facts("Jun-17", forecast: day(2017, 6, 30)), asOf: asOf).status == .onTarget)
        #expect(StatusRules.assess(try facts("Jun-17", forecast: day(2017, 7, 30)), asOf: asOf).status == .delayed)
        #expect(StatusRules.assess(try facts("Jun-17", forecast: day(2017, 7, 31)), asOf: asOf).status == .overdue)
        #expect(StatusRules.assess(try facts("Jun-17", forecast: day(2017, 5, 1)), asOf: asOf).status == .onTarget)
    }

    @Test func aForecastInThePastCannotHoldOffLateness() throws {
        // Forecast 10 Jul, still not done on 15 Aug: expected is at least today, so Overdue.
        let assessment = StatusRules.assess(try facts("Jun-17", forecast: day(2017, 7, 10)), asOf: day(2017, 8, 15))
        #expect(assessment.status == .overdue)
        #expect(assessment.expected == day(2017, 8, 15))
    }

    @Test func completedRecordsLateness() throws {
        let onTime = StatusRules.assess(try facts("Jun-17", completed: day(2017, 6, 30)), asOf: day(2017, 12, 31))
        #expect(onTime.status == .completed)
        #expect(onTime.daysLate == 0)
        #expect(onTime.explanation == "Completed on 30 Jun 2017, by the deadline of 30 Jun 2017")

        let late = StatusRules.assess(try facts("Jun-17", completed: day(2017, 9, 1)), asOf: day(2017, 12, 31))
        #expect(late.status == .completed)
        #expect(late.daysLate == 63)
        #expect(late.explanation == "Completed on 1 Sep 2017, 63 days after the deadline of 30 Jun 2017")
    }

    @Test func completionAfterTheAsOfDateIsNotYetCounted() throws {
        let assessment = StatusRules.assess(try facts("Jun-17", completed: day(2017, 7, 5)), asOf: day(2017, 7, 1))
        #expect(assessment.status == .delayed)
        #expect(StatusRules.assess(try facts("Jun-17", completed: day(2017, 7, 5)), asOf: day(2017, 7, 5)).status == .completed)
    }

    @Test func noFixedDateIsOnTargetUnlessAForecastSaysOtherwise() throws {
        #expect(StatusRules.assess(try facts("On-going"), asOf: day(2030, 1, 1)).status == .onTarget)
        #expect(StatusRules.assess(try facts("July 17 onwards"), asOf: day(2030, 1, 1)).status == .onTarget)
        let promised = try facts("On-going", forecast: day(2017, 9, 30))
        #expect(StatusRules.assess(promised, asOf: day(2017, 9, 30)).status == .onTarget)
        #expect(StatusRules.assess(promised, asOf: day(2017, 10, 1)).status == .delayed)
        let overdue = StatusRules.assess(promised, asOf: day(2017, 11, 1))
        #expect(overdue.status == .overdue)
        #expect(overdue.measuredAgainstForecast)
        #expect(overdue.explanation.hasPrefix("Overdue: forecast 30 Sep 2017"))
    }

    @Test func checkpointsDoNotMoveTheDueDate() throws {
        let twice = try facts("Apr 17 & Oct 17")
        #expect(StatusRules.assess(twice, asOf: day(2017, 6, 1)).status == .onTarget)
        #expect(StatusRules.assess(twice, asOf: day(2017, 11, 1)).status == .delayed)
    }

    @Test func explainsLateness() throws {
        let overdue = StatusRules.assess(try facts("Jun-17"), asOf: day(2017, 9, 13))
        #expect(overdue.explanation == "Overdue: due 30 Jun 2017, expected 13 Sep 2017, 45 days past the one-month tolerance (30 Jul 2017)")
        let delayed = StatusRules.assess(try facts("Jun-17"), asOf: day(2017, 7, 15))
        #expect(delayed.explanation == "Delayed: due 30 Jun 2017, expected 15 Jul 2017, 15 days late, within the one-month tolerance (30 Jul 2017)")
        #expect(StatusRules.assess(try facts("Jun-17"), asOf: day(2017, 6, 1)).explanation == "On Target: due 30 Jun 2017")
    }
}

@Suite struct StatusCountsTests {
    @Test func percentagesAreOfActiveMilestones() {
        var counts = StatusCounts()
        for _ in 0..<70 { counts.add(.completed) }
        for _ in 0..<10 { counts.add(.onTarget) }
        for _ in 0..<9 { counts.add(.delayed) }
        for _ in 0..<5 { counts.add(.overdue) }
        for _ in 0..<6 { counts.add(nil) }
        #expect(counts.active == 94)
        #expect(counts.withdrawn == 6)
        #expect(counts.percentComplete == 74)          // 70/94 = 74.5 → 74
        #expect(counts.percentCompletedOrOnTarget == 85)  // 80/94 = 85.1
        #expect(counts.percentDelayedOrOverdue == 15)
        #expect(counts.summary == "85% completed or on target, 15% delayed or overdue")
    }

    @Test func roundsHalfUp() {
        #expect(StatusCounts.percent(1, of: 8) == 13)   // 12.5
        #expect(StatusCounts.percent(2, of: 3) == 67)
        #expect(StatusCounts.percent(1, of: 3) == 33)
        #expect(StatusCounts.percent(0, of: 0) == nil)
    }

    @Test func emptyHasNoPercentages() {
        let empty = StatusCounts(withdrawn: 3)
        #expect(empty.percentComplete == nil)
        #expect(empty.summary == "no active milestones")
    }

    @Test func addsUp() {
        let a = StatusCounts(completed: 1, onTarget: 2, delayed: 3, overdue: 4, withdrawn: 5)
        #expect(a + a == StatusCounts(completed: 2, onTarget: 4, delayed: 6, overdue: 8, withdrawn: 10))
    }
}
