/// The columns Waymark reads. The headings people give them, and the rules that place a heading
/// whose meaning depends on the rest of the header row, are in `PlanColumn+Headings.swift`.
public enum PlanColumn: String, CaseIterable, Sendable {
    case area, activity, activityNumber = "activity number", milestone, lead, deadline
    case forecast, completed, status, withdrawnReason = "withdrawn reason"
    /// The row's own reference ("1.2.3"), in a plan that numbers its milestones or key actions.
    case reference

    /// Without an activity column Waymark makes one activity for each area, so it is not required.
    public static let required: [PlanColumn] = [.area, .milestone, .lead, .deadline]

    /// Every heading that can be placed in this column, the usual ones first. Headings are
    /// compared after lower-casing and turning punctuation into spaces, so "Lead Officer(s)" and
    /// "lead_officers" both match "lead officers".
    public var headings: [String] {
        let own = Self.headingTable.filter { $0.meaning == .column(self) }
        let shared = Self.headingTable.filter { $0.meaning != .column(self) && $0.meaning.columns.contains(self) }
        return (own + shared).flatMap(\.headings)
    }

    private static let lookup: [String: Meaning] = {
        var table: [String: Meaning] = [:]
        for entry in headingTable { for heading in entry.headings { table[heading] = entry.meaning } }
        return table
    }()

    /// What a heading means on its own: "Action" is the activity and "Ref" the activity number,
    /// as they are beside a milestone column. `place(_:)` decides for a whole header row.
    public init?(heading: String) {
        guard let meaning = Self.meaning(of: heading) else { return nil }
        self = meaning.columns[0]
    }

    static func meaning(of heading: String) -> Meaning? {
        let key = normalise(heading)
        // "#" is a reference column's whole heading in many spreadsheets, and normalises to nothing.
        if key.isEmpty && heading.contains("#") { return .reference }
        return lookup[key]
    }

    static func normalise(_ heading: String) -> String {
        let spaced = String(heading.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ").joined(separator: " ")
    }
}
