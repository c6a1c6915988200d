import Foundation

/// How a measurable outcome (a KPI) is judged: its rating against a target with a tolerance,
/// its direction of travel, and how finer periods roll up into a reporting period. No I/O.
public enum KPIUnit: String, CaseIterable, Codable, Sendable {
    case percentage, number, money, days
    case yesNo = "yes_no"
    case ratio

    public var label: String {
        switch self {
        case .percentage: "Percentage"
        case .number: "Number"
        case .money: "Money (£)"
        case .days: "Days"
        case .yesNo: "Yes or no"
        case .ratio: "Ratio"
        }
    }

    /// A value as people read it: "40.5%", "£1,250.50", "12 days", "Yes".
    public func format(_ value: ExactNumber) -> String {
        switch self {
        case .percentage: "\(value)%"
        case .money: (value.decimal < 0 ? "-£" : "£") + value.magnitude.grouped
        case .days: "\(value.grouped) \(value == ExactNumber(1) ? "day" : "days")"
        case .yesNo: value.decimal == 0 ? "No" : "Yes"
        case .number: value.grouped
        case .ratio: value.description
        }
    }

    /// Reads a value written for this unit: "40.5%" for a percentage, "£1,250" for money, "yes"
    /// for yes or no; nil when it is not one.
    public func parse(_ text: String) -> ExactNumber? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if self == .yesNo {
            switch trimmed.lowercased() {
            case "yes", "y", "1", "true": return ExactNumber(1)
            case "no", "n", "0", "false": return ExactNumber(0)
            default: return nil
            }
        }
        if self == .percentage, trimmed.hasSuffix("%") { trimmed.removeLast() }
        if self == .days, trimmed.lowercased().hasSuffix("days") { trimmed = String(trimmed.dropLast(4)) }
        return ExactNumber(parsing: trimmed)
    }
}

public enum KPIPolarity: String, CaseIterable, Codable, Sendable {
    /// More is better: an open rate, followers.
    case higher
    /// Less is better: days to pay an invoice, complaints.
    case lower
    /// Near the target is best, either way: a budget spent to plan.
    case band

    public var label: String {
        switch self {
        case .higher: "Higher is better"
        case .lower: "Lower is better"
        case .band: "On target is best"
        }
    }
}

/// How far from the target a value may be and still be AMBER rather than RED; for a band, also
/// how far it may be and still be GREEN.
public enum KPITolerance: Hashable, Sendable, CustomStringConvertible {
    /// A share of the target: "10%".
    case percent(ExactNumber)
    /// An amount in the KPI's unit: "500".
    case amount(ExactNumber)

    public static let none = KPITolerance.amount(ExactNumber(0))

    /// "10%" is a share of the target; a number alone is an amount. Negative ones are refused.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let share = ExactNumber(parsing: String(trimmed.dropLast())), share.decimal >= 0 else { return nil }
            self = .percent(share)
        } else {
            guard let amount = ExactNumber(parsing: trimmed), amount.decimal >= 0 else { return nil }
            self = .amount(amount)
        }
    }

    public func amount(around target: ExactNumber) -> ExactNumber {
        switch self {
        case .amount(let amount): amount
        case .percent(let share): (target.magnitude * share).divided(by: 100, places: 10)
        }
    }

    public var description: String {
        switch self {
        case .percent(let share): "\(share)%"
        case .amount(let amount): amount.description
        }
    }
}

public enum KPIRating: String, Codable, Sendable, CaseIterable {
    case green, amber, red
    case noData = "no_data"
    /// A value with no target to judge it by.
    case noTarget = "no_target"

    public var label: String {
        switch self {
        case .green: "GREEN"
        case .amber: "AMBER"
        case .red: "RED"
        case .noData: "No data"
        case .noTarget: "No target"
        }
    }
}

public enum KPIDirection: String, Codable, Sendable {
    case improving
    case noChange = "no_change"
    case worsening
    /// No earlier value to compare with.
    case none

    public var label: String {
        switch self {
        case .improving: "Improving"
        case .noChange: "No change"
        case .worsening: "Worsening"
        case .none: "No earlier value"
        }
    }

    /// Shown beside the words, never instead of them.
    public var arrow: String {
        switch self {
        case .improving: "↑"
        case .noChange: "→"
        case .worsening: "↓"
        case .none: ""
        }
    }
}

/// What decides a value's rating: frozen with the value when its period closes, so a tolerance
/// changed later never re-colours history.
public struct KPIThresholds: Hashable, Sendable {
    public var polarity: KPIPolarity
    public var target: ExactNumber?
    public var tolerance: KPITolerance
    /// For `band` polarity: how far either side of the target is still GREEN.
    public var band: KPITolerance

    public init(polarity: KPIPolarity, target: ExactNumber?, tolerance: KPITolerance = .none, band: KPITolerance = .none) {
        self.polarity = polarity
        self.target = target
        self.tolerance = tolerance
        self.band = band
    }

    /// GREEN on or better than the target (within the band, for `band`); AMBER worse but within
    /// the tolerance, its edge included; RED beyond.
    public func rating(of value: ExactNumber?) -> KPIRating {
        guard let value else { return .noData }
        guard let target else { return .noTarget }
        let allowance = tolerance.amount(around: target)
        switch polarity {
        case .higher:
            if value >= target { return .green }
            return value >= target - allowance ? .amber : .red
        case .lower:
            if value <= target { return .green }
            return value <= target + allowance ? .amber : .red
        case .band:
            let distance = (value - target).magnitude, green = band.amount(around: target)
            if distance <= green { return .green }
            return distance <= green + allowance ? .amber : .red
        }
    }

    /// Better, the same or worse than the previous period's value, read through the polarity.
    public func direction(from previous: ExactNumber?, to value: ExactNumber?) -> KPIDirection {
        guard let previous, let value else { return .none }
        let better: Bool, same: Bool
        switch polarity {
        case .higher: (better, same) = (value > previous, value == previous)
        case .lower: (better, same) = (value < previous, value == previous)
        case .band:
            guard let target else { return .none }
            let now = (value - target).magnitude, before = (previous - target).magnitude
            (better, same) = (now < before, now == before)
        }
        return same ? .noChange : better ? .improving : .worsening
    }
}

/// How the values of a KPI's own periods (months, say) make the value of a reporting period.
public enum KPIRollUp: String, CaseIterable, Codable, Sendable {
    /// Added up: people trained, complaints received.
    case cumulative
    /// The last one: followers at the end of the quarter.
    case latest
    /// Their mean: an average open rate.
    case average

    public var label: String {
        switch self {
        case .cumulative: "Added up"
        case .latest: "The latest value"
        case .average: "The average"
        }
    }

    /// `values` in time order; a missing one is skipped. Nil when there is none at all.
    public func combine(_ values: [ExactNumber?]) -> ExactNumber? {
        let present = values.compactMap { $0 }
        guard let last = present.last else { return nil }
        switch self {
        case .latest: return last
        case .cumulative: return present.dropFirst().reduce(present[0], +)
        case .average: return present.dropFirst().reduce(present[0], +).divided(by: present.count)
        }
    }
}

public enum KPIFrequency: String, CaseIterable, Codable, Sendable {
    case monthly, quarterly
    case sixMonthly = "six_monthly"
    case annual

    public var label: String {
        switch self {
        case .monthly: "Monthly"
        case .quarterly: "Quarterly"
        case .sixMonthly: "Six-monthly"
        case .annual: "Annual"
        }
    }
}
