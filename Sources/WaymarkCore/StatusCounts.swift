/// Milestones counted by status, for an activity, an area or a whole plan.
///
/// Percentages are of *active* milestones: withdrawn ones are counted apart and never in the
/// denominator, so withdrawing a milestone cannot flatter or hide the figures unseen.
public struct StatusCounts: Equatable, Sendable, Codable {
    public var completed = 0
    public var onTarget = 0
    public var delayed = 0
    public var overdue = 0
    public var withdrawn = 0

    public init(completed: Int = 0, onTarget: Int = 0, delayed: Int = 0, overdue: Int = 0, withdrawn: Int = 0) {
        self.completed = completed
        self.onTarget = onTarget
        self.delayed = delayed
        self.overdue = overdue
        self.withdrawn = withdrawn
    }

    public var active: Int { completed + onTarget + delayed + overdue }

    public subscript(status: MilestoneStatus) -> Int {
        get {
            switch status {
            case .completed: completed
            case .onTarget: onTarget
            case .delayed: delayed
            case .overdue: overdue
            }
        }
        set {
            switch status {
            case .completed: completed = newValue
            case .onTarget: onTarget = newValue
            case .delayed: delayed = newValue
            case .overdue: overdue = newValue
            }
        }
    }

    public mutating func add(_ status: MilestoneStatus?) {
        if let status { self[status] += 1 } else { withdrawn += 1 }
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(completed: lhs.completed + rhs.completed, onTarget: lhs.onTarget + rhs.onTarget,
             delayed: lhs.delayed + rhs.delayed, overdue: lhs.overdue + rhs.overdue,
             withdrawn: lhs.withdrawn + rhs.withdrawn)
    }

    /// Completed ÷ active, as a whole percentage; nil when nothing is active.
    public var percentComplete: Int? { Self.percent(completed, of: active) }
    public var percentCompletedOrOnTarget: Int? { Self.percent(completed + onTarget, of: active) }
    public var percentDelayedOrOverdue: Int? { Self.percent(delayed + overdue, of: active) }

    /// Rounds half up, as a person with a calculator would: 2 of 3 is 67%.
    public static func percent(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        return (part * 200 + whole) / (2 * whole)
    }

    /// The Board report's wording: "80% completed or on target, 14% delayed or overdue".
    public var summary: String {
        guard let good = percentCompletedOrOnTarget, let bad = percentDelayedOrOverdue else {
            return "no active milestones"
        }
        return "\(good)% completed or on target, \(bad)% delayed or overdue"
    }

    /// "80% of milestones are completed or on target (86 of 108)".
    public var sentence: String {
        guard let good = percentCompletedOrOnTarget else { return "There are no active milestones." }
        return "\(good)% of milestones are completed or on target (\(completed + onTarget) of \(active)); "
            + "\(percentDelayedOrOverdue ?? 0)% are delayed or overdue (\(delayed + overdue) of \(active))."
    }
}
