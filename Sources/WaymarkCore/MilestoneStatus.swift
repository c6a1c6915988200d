/// The four statuses of the council's reporting criteria (Board report, Q3 2017-18, section 4.7).
public enum MilestoneStatus: String, CaseIterable, Sendable, Codable, Comparable {
    case completed
    case onTarget = "on_target"
    case delayed
    case overdue

    public var label: String {
        switch self {
        case .completed: "Completed"
        case .onTarget: "On Target"
        case .delayed: "Delayed"
        case .overdue: "Overdue"
        }
    }

    /// Reads "On Target", "on_target", "on-target" or "ON TARGET"; nil for anything else.
    public init?(label: some StringProtocol) {
        let key = label.lowercased().filter { $0.isLetter }
        switch key {
        case "completed", "complete", "done": self = .completed
        case "ontarget", "ontrack": self = .onTarget
        case "delayed": self = .delayed
        case "overdue": self = .overdue
        default: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Withdrawn milestones leave the counts but stay on record with their reason.
public enum MilestoneLifecycle: String, CaseIterable, Sendable, Codable {
    case active
    case withdrawn
}
