import Testing
@testable import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// The peer challenge paper's timeline (seed 003, section 3.5), judged on several days.
@Suite struct ReviewRulesTests {
    static func paperTimeline(done: [ReviewActivityKind: CalendarDate] = [:]) throws -> [ReviewTimeline.Activity] {
        let rows: [(ReviewActivityKind, String, String)] = [
            (.onSiteVisit, "On-site visit", "19-22 June 2018"),
            (.draftReport, "Draft report", "Mid July 2018"),
            (.finalSignOff, "Final sign-off", "End of July 2018"),
            (.submission, "Submission to Secretary of State DCLG", "1 August 2018"),
            (.actionPlan, "Action plan development", "Aug-Sept 2018"),
            (.followUpVisit, "Follow-up visit", "Jan 2019"),
        ]
        return try rows.enumerated().map { index, row in
            ReviewTimeline.Activity(id: index + 1, kind: row.0, title: row.1, deadline: try Deadline(parsing: row.2), completedOn: done[row.0])
        }
    }

    @Test func onThePapersDateEverythingIsOnTarget() throws {
        let timeline = try Self.paperTimeline()
        let statuses = timeline.map { ReviewTimeline.status(of: $0, today: day(2018, 6, 11)).status }
        #expect(statuses == Array(repeating: .onTarget, count: 6))
    }

    @Test func theVisitSetsThePositionStatementsDueDate() throws {
        let timeline = try Self.paperTimeline()
        #expect(ReviewTimeline.visitStarts(timeline) == day(2018, 6, 19))
        #expect(ReviewTimeline.visitEnds(timeline) == day(2018, 6, 22))
        #expect(ReviewTimeline.positionStatementDue(timeline) == day(2018, 5, 19))
        #expect(ReviewTimeline.positionStatementDue([]) == nil)
    }

    @Test func aLateDraftReportIsDelayedThenOverdue() throws {
        let timeline = try Self.paperTimeline(done: [.onSiteVisit: day(2018, 6, 22)])
        let draft = timeline[1]
        #expect(ReviewTimeline.status(of: draft, today: day(2018, 7, 20)).status == .onTarget)
        #expect(ReviewTimeline.status(of: draft, today: day(2018, 7, 21)).status == .delayed)
        #expect(ReviewTimeline.status(of: draft, today: day(2018, 8, 20)).status == .delayed)
        let overdue = ReviewTimeline.status(of: draft, today: day(2018, 8, 21))
        #expect(overdue.status == .overdue)
        #expect(overdue.explanation == "Overdue: due 20 Jul 2018, expected 21 Aug 2018, 1 day past the one-month tolerance (20 Aug 2018)")
        #expect(ReviewTimeline.status(of: timeline[0], today: day(2018, 8, 21)).status == .completed)
    }

    @Test func anActivityWithNoDateIsOnTargetUntilDone() throws {
        let activity = ReviewTimeline.Activity(id: 1, kind: .other, title: "Communications plan", deadline: try Deadline(parsing: "TBC"))
        #expect(ReviewTimeline.status(of: activity, today: day(2030, 1, 1)).status == .onTarget)
    }

    @Test func theStandardThemesAreTheLGAsFive() {
        #expect(LGAStandardThemes.all.map(\.title) == [
            "Understanding of the local place and priority setting", "Leadership of place", "Financial planning and viability",
            "Organisational leadership and governance", "Capacity to deliver",
        ])
        #expect(LGAStandardThemes.all.allSatisfy { $0.question.hasSuffix("?") })
    }

    @Test func theAccessWindowIsInclusiveAtBothEnds() {
        let window = ReviewerWindow.standard(visitStarts: day(2018, 6, 19), visitEnds: day(2018, 6, 22))
        #expect(window == ReviewerWindow(validFrom: day(2018, 6, 5), validUntil: day(2018, 7, 6)))
        #expect(!window.contains(day(2018, 6, 4)))
        #expect(window.contains(day(2018, 6, 5)))
        #expect(window.contains(day(2018, 7, 6)))
        #expect(!window.contains(day(2018, 7, 7)))
        #expect(window.refusal(on: day(2018, 6, 4)) == "Your reviewer access starts on 5 Jun 2018. Sign in again from that day.")
        #expect(window.refusal(on: day(2018, 7, 7)) == "Your reviewer access ended on 6 Jul 2018. Ask the council's performance team if you need it again.")
        #expect(window.refusal(on: day(2018, 7, 6)) == nil)
        #expect(window.problem == nil)
        #expect(ReviewerWindow(validFrom: day(2018, 6, 5), validUntil: day(2018, 6, 4)).problem != nil)
        #expect(ReviewerWindow(validFrom: day(2018, 6, 5), validUntil: day(2018, 6, 5)).problem == nil)
    }
}
