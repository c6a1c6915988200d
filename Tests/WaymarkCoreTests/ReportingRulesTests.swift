import Testing
import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

@Suite struct ReportingPeriodTests {
    @Test(arguments: [
        (day(2017, 4, 1), "Q1 2017-18"), (day(2017, 6, 30), "Q1 2017-18"), (day(2017, 7, 1), "Q2 2017-18"),
        (day(2017, 12, 18), "Q3 2017-18"), (day(2018, 1, 1), "Q4 2017-18"), (day(2018, 3, 31), "Q4 2017-18"),
        (day(2018, 4, 1), "Q1 2018-19"), (day(2099, 12, 31), "Q3 2099-00"),
    ])
    func quartersFollowTheUKFinancialYear(date: CalendarDate, label: String) {
        #expect(ReportingPeriod.containing(date, cadence: .quarterly).label == label)
    }

    @Test func q3RunsFromOctoberToDecember() throws {
        let q3 = try ReportingPeriod.parse("Q3 2017-18").get()
        #expect(q3.start == day(2017, 10, 1) && q3.end == day(2017, 12, 31))
        #expect(q3.months == "October to December 2017")
        let q4 = q3.next
        #expect(q4.label == "Q4 2017-18" && q4.start == day(2018, 1, 1) && q4.end == day(2018, 3, 31))
        #expect(q4.months == "January to March 2018")
        #expect(q4.next.label == "Q1 2018-19" && q4.next.previous == q4)
    }

    @Test func halfYearsAreAprilToSeptemberAndOctoberToMarch() throws {
        let h1 = ReportingPeriod.containing(day(2017, 9, 30), cadence: .sixMonthly)
        #expect(h1.label == "H1 2017-18" && h1.start == day(2017, 4, 1) && h1.end == day(2017, 9, 30))
        #expect(h1.next.label == "H2 2017-18" && h1.next.end == day(2018, 3, 31))
        #expect(h1.next.months == "October 2017 to March 2018")
        #expect(try ReportingPeriod.parse("h2 2017/2018").get() == h1.next)
    }

    @Test func aPlanYearHasFourQuartersOrTwoHalves() {
        let quarters = ReportingPeriod.covering(day(2017, 4, 1), day(2018, 3, 31), cadence: .quarterly)
        #expect(quarters.map(\.label) == ["Q1 2017-18", "Q2 2017-18", "Q3 2017-18", "Q4 2017-18"])
        #expect(ReportingPeriod.covering(day(2017, 4, 1), day(2018, 3, 31), cadence: .sixMonthly).count == 2)
        // A plan starting mid-quarter still reports on that quarter.
        #expect(ReportingPeriod.covering(day(2017, 5, 15), day(2017, 7, 2), cadence: .quarterly).map(\.label) == ["Q1 2017-18", "Q2 2017-18"])
    }

    @Test(arguments: [
        ("Q5 2017-18", "a quarter is Q1 to Q4"), ("H3 2017-18", "a half year is H1 or H2"),
        ("Q3 2017-19", "two years in a row"), ("Q3", "write it like"), ("X1 2017-18", "start with Q"),
    ])
    func badLabelsSayWhy(text: String, reason: String) {
        guard case .failure(let error) = ReportingPeriod.parse(text) else {
            Issue.record("\(text) should not parse")
            return
        }
        #expect(error.description.contains(reason))
        #expect(error.description.contains("\"\(text)\""))
    }
}

@Suite struct DeliveryRatingTests {
    private let rules = DeliveryRatingRules.standard

    @Test func greenNeedsNoneOverdueAndEightyPercentGood() {
        #expect(rules.rate(StatusCounts(completed: 4, onTarget: 4, delayed: 2)) == .green)       // exactly 80%
        #expect(rules.rate(StatusCounts(completed: 4, onTarget: 3, delayed: 3)) == .amber)       // 70%
        #expect(rules.rate(StatusCounts(completed: 9, overdue: 1, withdrawn: 5)) == .amber)      // one overdue
    }

    @Test func redIsMoreThanTwentyPercentOverdue() {
        #expect(rules.rate(StatusCounts(completed: 8, overdue: 2)) == .amber)                    // exactly 20%
        #expect(rules.rate(StatusCounts(completed: 79, overdue: 21)) == .red)                    // 21%
        #expect(rules.rate(StatusCounts(onTarget: 9, overdue: 40)) == .red)                      // the seed's Organisational Culture at Q3
    }

    @Test func nothingActiveIsNotRated() {
        #expect(rules.rate(StatusCounts(withdrawn: 3)) == nil)
        #expect(rules.explanation(StatusCounts()) == "Not rated: no active milestones")
    }

    @Test func editedThresholdsAreUsedAndChecked() {
        let strict = DeliveryRatingRules(greenMinimumPercentCompletedOrOnTarget: 95, redAbovePercentOverdue: 5)
        #expect(strict.rate(StatusCounts(completed: 9, delayed: 1)) == .amber)
        #expect(strict.rate(StatusCounts(completed: 18, overdue: 2)) == .red)
        #expect(strict.problems.isEmpty)
        #expect(DeliveryRatingRules(greenMinimumPercentCompletedOrOnTarget: 120, redAbovePercentOverdue: -1).problems.map(\.field) == ["green_minimum", "red_above"])
    }

    @Test func explanationsGiveTheFigures() {
        #expect(rules.explanation(StatusCounts(completed: 79, overdue: 21)) == "RED: 21 of 100 overdue, more than 20%")
        #expect(rules.explanation(StatusCounts(completed: 7, delayed: 3)) == "AMBER: 7 of 10 completed or on target, below the 80% GREEN needs")
    }
}

@Suite struct SnapshotComparisonTests {
    private func line(_ id: Int, _ status: MilestoneStatus?, revised: CalendarDate? = nil, times: Int = 0) -> MilestoneSnapshotLine {
        MilestoneSnapshotLine(milestoneID: id, title: "M\(id)", area: "Grants", status: status, revisedDue: revised, revisionCount: times)
    }

    @Test func findsWhatChangedSinceTheLastBoard() {
        let q2 = [line(1, .onTarget), line(2, .delayed), line(3, .onTarget), line(4, .overdue), line(5, .onTarget)]
        let q3 = [line(1, .completed), line(2, .overdue), line(3, .onTarget, revised: day(2018, 3, 31), times: 1), line(4, .overdue),
                  line(5, .onTarget), line(6, .onTarget)]
        let changes = SnapshotComparison(earlier: q2, later: q3)
        #expect(changes.statusChanged.map(\.after.milestoneID) == [1, 2])
        #expect(changes.newlyCompleted.map(\.after.milestoneID) == [1])
        #expect(changes.newlyOverdue.map(\.after.milestoneID) == [2])
        #expect(changes.revisedDeadlinesAgreed.map(\.after.milestoneID) == [3])
        #expect(changes.added.map(\.milestoneID) == [6])
        #expect(!changes.isEmpty)
        #expect(SnapshotComparison(earlier: q3, later: q3).isEmpty)
    }
}

@Suite struct SubmissionScheduleTests {
    private let q3 = SubmissionSchedule.Item(id: 1, title: "The third quarterly update report", due: day(2017, 12, 22))

    @Test func warnsThirtyDaysAhead() {
        #expect(SubmissionSchedule.standing(of: q3, today: day(2017, 11, 21)) == .upcoming(days: 31))
        #expect(SubmissionSchedule.standing(of: q3, today: day(2017, 11, 22)) == .dueSoon(days: 30))
        #expect(SubmissionSchedule.warning([q3], today: day(2017, 12, 18)) == "The third quarterly update report is due in 4 days, on 22 Dec 2017.")
        #expect(SubmissionSchedule.warning([q3], today: day(2017, 12, 22)) == "The third quarterly update report is due today, on 22 Dec 2017.")
        #expect(SubmissionSchedule.warning([q3], today: day(2017, 11, 1)) == nil)
    }

    @Test func overdueAndSubmittedLate() {
        #expect(SubmissionSchedule.standing(of: q3, today: day(2017, 12, 23)) == .overdue(days: 1))
        #expect(SubmissionSchedule.warning([q3], today: day(2017, 12, 23)) == "The third quarterly update report is overdue: it was due yesterday, on 22 Dec 2017.")
        var made = q3
        made.submittedOn = day(2017, 12, 28)
        #expect(SubmissionSchedule.standing(of: made, today: day(2018, 1, 5)) == .submitted(on: day(2017, 12, 28), late: true))
        #expect(SubmissionSchedule.warning([made], today: day(2018, 1, 5)) == nil)
    }

    @Test func theNextIsTheEarliestNotYetMade() {
        let q4 = SubmissionSchedule.Item(id: 2, title: "Q4", due: day(2018, 3, 30))
        var done = q3
        done.submittedOn = day(2017, 12, 22)
        #expect(SubmissionSchedule.next([q4, done])?.id == 2)
        #expect(SubmissionSchedule.next([q4, q3])?.id == 1)
    }
}

@Suite struct PointInTimeTests {
    @Test func undoesLaterChangesNewestFirst() {
        let now = ["title": "Launch intranet", "deadline_text": "Jun-18", "forecast_date": "", "completed_date": "2018-06-20", "lifecycle": "active"]
        // After the moment: an import moved the deadline (May-18 → Jun-18), then an update recorded completion.
        let changes = [["completed_date": "", "forecast_date": "2018-05-30"], ["deadline_text": "May-18", "lead_ids": "3,4"]]
        let then = PointInTime.rewind(now, undoing: changes)
        #expect(then["deadline_text"] == "May-18" && then["completed_date"] == "" && then["forecast_date"] == "2018-05-30")
        #expect(then["lead_ids"] == nil)
        let facts = PointInTime.facts(then)
        #expect(facts?.deadline.due == day(2018, 5, 31) && facts?.completedOn == nil && facts?.forecast == day(2018, 5, 30))
        #expect(StatusRules.assess(facts!, asOf: day(2018, 5, 1)).status == .onTarget)
    }

    @Test func structureEditsNameTheDeadlineTheirOwnWay() {
        let then = PointInTime.rewind(["deadline_text": "Sep-17"], undoing: [["deadline": "Jul-17", "title": "Old title"]])
        #expect(then["deadline_text"] == "Jul-17" && then["title"] == "Old title")
        #expect(PointInTime.rewind(["revised_deadline_text": "Mar-18"], undoing: [["revised_deadline": ""]])["revised_deadline_text"] == "")
    }
}
