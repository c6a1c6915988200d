/// An area's overall delivery status, as the Board papers give it: "Overall Delivery Status: GREEN".
public enum DeliveryRating: String, CaseIterable, Codable, Sendable {
    case green, amber, red

    /// In capitals, as the papers print it; the word carries the meaning, not the colour.
    public var label: String { rawValue.uppercased() }
}

/// The rules that turn an area's status counts into a rating. An administrator may change the
/// thresholds; the shape of the rule stays the one the Board agreed.
public struct DeliveryRatingRules: Equatable, Codable, Sendable {
    /// GREEN needs no overdue milestones and at least this share completed or on target.
    public var greenMinimumPercentCompletedOrOnTarget: Int
    /// RED when more than this share is overdue.
    public var redAbovePercentOverdue: Int

    public static let standard = DeliveryRatingRules(greenMinimumPercentCompletedOrOnTarget: 80, redAbovePercentOverdue: 20)

    public init(greenMinimumPercentCompletedOrOnTarget: Int, redAbovePercentOverdue: Int) {
        self.greenMinimumPercentCompletedOrOnTarget = greenMinimumPercentCompletedOrOnTarget
        self.redAbovePercentOverdue = redAbovePercentOverdue
    }

    /// Problems with the thresholds, by field, in words for the settings form.
    public var problems: [(field: String, message: String)] {
        var found: [(String, String)] = []
        if !(0...100).contains(greenMinimumPercentCompletedOrOnTarget) {
            found.append(("green_minimum", "The GREEN threshold must be a percentage from 0 to 100"))
        }
        if !(0...100).contains(redAbovePercentOverdue) {
            found.append(("red_above", "The RED threshold must be a percentage from 0 to 100"))
        }
        return found
    }

    /// Nil when the area has no active milestones: there is nothing to rate.
    /// Shares are compared exactly (in whole milestones), not after rounding to a percentage.
    public func rate(_ counts: StatusCounts) -> DeliveryRating? {
        let active = counts.active
        guard active > 0 else { return nil }
        if counts.overdue * 100 > redAbovePercentOverdue * active { return .red }
        if counts.overdue == 0, (counts.completed + counts.onTarget) * 100 >= greenMinimumPercentCompletedOrOnTarget * active { return .green }
        return .amber
    }

    /// Why the rule gave what it did, for the report and the override form.
    public func explanation(_ counts: StatusCounts) -> String {
        guard let rating = rate(counts) else { return "Not rated: no active milestones" }
        let overdue = "\(counts.overdue) of \(counts.active) overdue"
        let good = "\(counts.completed + counts.onTarget) of \(counts.active) completed or on target"
        switch rating {
        case .red: return "RED: \(overdue), more than \(redAbovePercentOverdue)%"
        case .green: return "GREEN: none overdue and \(good), at least \(greenMinimumPercentCompletedOrOnTarget)%"
        case .amber:
            return counts.overdue > 0
                ? "AMBER: \(overdue), not more than \(redAbovePercentOverdue)%, but GREEN needs none overdue"
                : "AMBER: \(good), below the \(greenMinimumPercentCompletedOrOnTarget)% GREEN needs"
        }
    }
}
