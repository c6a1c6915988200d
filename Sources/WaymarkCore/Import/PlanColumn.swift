/// The columns Waymark reads, and the headings people give them.
public enum PlanColumn: String, CaseIterable, Sendable {
    case area, activity, activityNumber = "activity number", milestone, lead, deadline
    case forecast, completed, status, withdrawnReason = "withdrawn reason"

    public static let required: [PlanColumn] = [.area, .activity, .milestone, .lead, .deadline]

    /// Headings are compared after lower-casing and turning punctuation into spaces, so
    /// "Lead Officer(s)" and "lead_officers" both match "lead officers".
    public var headings: [String] {
        switch self {
        case .area: ["area", "areas", "area of focus", "focus area", "theme", "workstream", "priority", "priority area", "best value area"]
        case .activity: ["activity", "activities", "key activity", "key activities", "action", "strategic activity", "activity title"]
        case .activityNumber: ["activity number", "activity no", "activity ref", "activity id", "no", "number", "ref"]
        case .milestone: ["milestone", "milestones", "key milestone", "key milestones", "milestone title", "task"]
        case .lead: ["lead", "leads", "lead officer", "lead officers", "lead officer s", "owner", "owners", "responsible officer", "responsible", "officer"]
        case .deadline: ["deadline", "target date", "due", "due date", "due by", "timescale", "original deadline", "target", "date due", "deadline as written"]
        case .forecast: ["forecast", "forecast date", "forecast completion", "forecast completion date", "expected", "expected date", "expected completion", "expected completion date"]
        case .completed: ["completed", "completed on", "completion date", "date completed", "actual completion", "actual completion date", "completed date", "actual"]
        case .status: ["status", "current status", "rag status"]
        case .withdrawnReason: ["withdrawn reason", "reason withdrawn", "withdrawal reason"]
        }
    }

    private static let lookup: [String: PlanColumn] = {
        var table: [String: PlanColumn] = [:]
        for column in allCases { for heading in column.headings { table[heading] = column } }
        return table
    }()

    public init?(heading: String) {
        guard let column = Self.lookup[Self.normalise(heading)] else { return nil }
        self = column
    }

    static func normalise(_ heading: String) -> String {
        let spaced = String(heading.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ").joined(separator: " ")
    }
}
