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
    /// Active milestones whose status was set by a decision ("Suspended"), not by their dates.
    public var decided = 0
    /// By the plan's scheme's own status codes. Kept without zeros, so equal figures compare equal.
    public var byCode: [String: Int] = [:]

    /// Counts in the criteria's four statuses, whose codes are the standard scheme's.
    public init(completed: Int = 0, onTarget: Int = 0, delayed: Int = 0, overdue: Int = 0, withdrawn: Int = 0) {
        self.completed = completed
        self.onTarget = onTarget
        self.delayed = delayed
        self.overdue = overdue
        self.withdrawn = withdrawn
        for status in MilestoneStatus.allCases where self[status] > 0 { byCode[status.rawValue] = self[status] }
    }

    enum CodingKeys: String, CodingKey { case completed, onTarget, delayed, overdue, withdrawn, decided, byCode }

    /// Figures frozen before schemes existed have neither `decided` nor `byCode`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(completed: try c.decode(Int.self, forKey: .completed), onTarget: try c.decode(Int.self, forKey: .onTarget),
                  delayed: try c.decode(Int.self, forKey: .delayed), overdue: try c.decode(Int.self, forKey: .overdue),
                  withdrawn: try c.decode(Int.self, forKey: .withdrawn))
        decided = try c.decodeIfPresent(Int.self, forKey: .decided) ?? 0
        if let codes = try c.decodeIfPresent([String: Int].self, forKey: .byCode) { byCode = codes }
    }

    public var active: Int { completed + onTarget + delayed + overdue + decided }

    /// Milestones with this scheme status code.
    public subscript(code code: String) -> Int { byCode[code] ?? 0 }

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
        if let status { self[status] += 1; byCode[status.rawValue, default: 0] += 1 } else { withdrawn += 1 }
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = Self(completed: lhs.completed + rhs.completed, onTarget: lhs.onTarget + rhs.onTarget,
                       delayed: lhs.delayed + rhs.delayed, overdue: lhs.overdue + rhs.overdue,
                       withdrawn: lhs.withdrawn + rhs.withdrawn)
        sum.decided = lhs.decided + rhs.decided
        sum.byCode = lhs.byCode.merging(rhs.byCode, uniquingKeysWith: +)
        return sum
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
