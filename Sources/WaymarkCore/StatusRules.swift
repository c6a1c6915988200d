/// What the status rules need to know about one milestone.
public struct MilestoneFacts: Sendable, Equatable {
    public var deadline: Deadline
    public var forecast: CalendarDate?
    public var completedOn: CalendarDate?

    public init(deadline: Deadline, forecast: CalendarDate? = nil, completedOn: CalendarDate? = nil) {
        self.deadline = deadline
        self.forecast = forecast
        self.completedOn = completedOn
    }
}

/// A status and the dates that produced it, so that every status can explain itself.
public struct StatusAssessment: Sendable, Equatable {
    public var status: MilestoneStatus
    public var asOf: CalendarDate
    /// The date the milestone is judged against: the original due date, or the forecast when
    /// the deadline has no fixed date. Nil when there is nothing to be late against.
    public var measuredAgainst: CalendarDate?
    /// When the milestone finished (Completed) or is now expected to.
    public var expected: CalendarDate?
    /// Days after `measuredAgainst`: how late it finished, or how late it is expected to be.
    public var daysLate: Int
    public var measuredAgainstForecast: Bool

    /// The last day on which a late milestone is still Delayed rather than Overdue.
    public var toleranceEnds: CalendarDate? { measuredAgainst.map { $0.adding(months: 1) } }

    /// "Overdue: due 30 Jun 2017, expected 13 Sep 2017, 45 days past the one-month tolerance (30 Jul 2017)".
    public var explanation: String {
        let target = measuredAgainst.map { (measuredAgainstForecast ? "forecast " : "due ") + $0.display }
        switch status {
        case .completed:
            let when = expected.map { " on \($0.display)" } ?? ""
            guard let measuredAgainst else { return "Completed\(when)" }
            let promise = (measuredAgainstForecast ? "forecast of " : "deadline of ") + measuredAgainst.display
            if daysLate > 0 { return "Completed\(when), \(days(daysLate)) after the \(promise)" }
            return "Completed\(when), by the \(promise)"
        case .onTarget:
            guard let target else { return "On Target: no fixed date" }
            if let expected, expected != measuredAgainst { return "On Target: \(target), expected \(expected.display)" }
            return "On Target: \(target)"
        case .delayed:
            let tolerance = toleranceEnds.map { " (\($0.display))" } ?? ""
            return "Delayed: \(target ?? ""), expected \(expected?.display ?? ""), \(days(daysLate)) late, within the one-month tolerance\(tolerance)"
        case .overdue:
            let past = (expected?.dayNumber ?? 0) - (toleranceEnds?.dayNumber ?? 0)
            let tolerance = toleranceEnds.map { " (\($0.display))" } ?? ""
            return "Overdue: \(target ?? ""), expected \(expected?.display ?? ""), \(days(past)) past the one-month tolerance\(tolerance)"
        }
    }

    private func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
}

/// The reporting criteria, applied to one milestone on one day.
///
/// - Completed: finished on or before the as-of date (lateness is recorded, not hidden).
/// - On Target: expected by the original due date.
/// - Delayed: expected after it, but no more than one calendar month after it.
/// - Overdue: expected more than one calendar month after it.
///
/// The expected date is the forecast, else the due date, and never earlier than the as-of date,
/// because a milestone that is not done cannot finish in the past. Revised timescales never move
/// the date measured against: slippage stays visible.
public enum StatusRules {
    public static func assess(_ facts: MilestoneFacts, asOf: CalendarDate) -> StatusAssessment {
        let fixedDue = facts.deadline.kind == .dated ? facts.deadline.due : nil
        // With no fixed date, a forecast is the only promise there is to keep.
        let target = fixedDue ?? facts.forecast
        let againstForecast = fixedDue == nil && target != nil

        if let done = facts.completedOn, done <= asOf {
            let late = target.map { max(0, $0.days(until: done)) } ?? 0
            return StatusAssessment(status: .completed, asOf: asOf, measuredAgainst: target, expected: done,
                                    daysLate: late, measuredAgainstForecast: againstForecast)
        }
        guard let target else {
            return StatusAssessment(status: .onTarget, asOf: asOf, measuredAgainst: nil, expected: nil,
                                    daysLate: 0, measuredAgainstForecast: false)
        }
        let expected = max(facts.forecast ?? target, asOf)
        let status: MilestoneStatus
        if expected <= target {
            status = .onTarget
        } else if expected <= target.adding(months: 1) {
            status = .delayed
        } else {
            status = .overdue
        }
        return StatusAssessment(status: status, asOf: asOf, measuredAgainst: target, expected: expected,
                                daysLate: max(0, target.days(until: expected)), measuredAgainstForecast: againstForecast)
    }
}
