/// Every heading Waymark places, in one table, and the rules for the few whose column depends on
/// the rest of the header row. Councils lay plans out differently: one gives activities and
/// milestones, another one row per key action under a theme, with its own reference and status.
extension PlanColumn {
    /// What a heading says before the rest of its header row is known.
    enum Meaning: Equatable, Sendable {
        /// Always this column.
        case column(PlanColumn)
        /// "Action", "Key Action": the milestone when no column is called a milestone, else the activity.
        case action
        /// "Ref", "No.": the activity's reference when there is an activity column, else the row's own.
        case reference
        /// "Lead Member": the lead only when no column names a lead officer; else it is left unplaced.
        case leadMember

        /// The columns it can end up in, the one it takes on its own first.
        var columns: [PlanColumn] {
            switch self {
            case .column(let column): [column]
            case .action: [.activity, .milestone]
            case .reference: [.activityNumber, .reference]
            case .leadMember: [.lead]
            }
        }
    }

    /// Headings as `normalise` leaves them: lower case, punctuation as single spaces.
    static let headingTable: [(meaning: Meaning, headings: [String])] = [
        (.column(.area), ["area", "areas", "area of focus", "focus area", "theme", "themes", "workstream", "work stream",
                          "priority", "priority area", "best value area", "key objective", "key objectives", "objective",
                          "strategic objective", "strategic priority", "corporate priority", "improvement theme", "key theme"]),
        (.column(.activity), ["activity", "activities", "key activity", "key activities", "strategic activity", "activity title"]),
        (.action, ["action", "actions", "key action", "key actions", "action required", "actions required",
                   "improvement action", "improvement actions"]),
        (.column(.activityNumber), ["activity number", "activity no", "activity ref", "activity id", "activity reference"]),
        (.reference, ["ref", "reference", "no", "number", "ref no", "reference no", "reference number", "ref number",
                      "action ref", "action no", "action number", "action reference", "item", "item no"]),
        (.column(.milestone), ["milestone", "milestones", "key milestone", "key milestones", "milestone title", "task", "tasks",
                               "deliverable", "deliverables", "key deliverable", "key deliverables"]),
        (.column(.lead), ["lead", "leads", "lead officer", "lead officers", "lead officer s", "owner", "owners",
                          "responsible officer", "responsible officers", "responsible", "officer", "accountable officer",
                          "lead director", "action owner"]),
        (.leadMember, ["lead member", "lead members", "lead councillor", "cabinet member", "portfolio holder"]),
        (.column(.deadline), ["deadline", "target date", "due", "due date", "due by", "timescale", "timescales", "original deadline",
                              "target", "date due", "deadline as written", "target completion date", "target completion",
                              "by when", "timeframe", "time frame", "end date"]),
        (.column(.forecast), ["forecast", "forecast date", "forecast completion", "forecast completion date", "expected", "expected date",
                              "expected completion", "expected completion date", "estimated completion", "estimated completion date"]),
        (.column(.completed), ["completed", "completed on", "completion date", "date completed", "actual completion",
                               "actual completion date", "completed date", "actual", "date achieved", "achieved on", "date of completion"]),
        (.column(.status), ["status", "current status", "rag status", "rag", "rag rating", "progress status", "progress",
                            "delivery status", "overall status", "current rag"]),
        (.column(.withdrawnReason), ["withdrawn reason", "reason withdrawn", "withdrawal reason"]),
    ]

    /// Where each column of a header row goes.
    struct Placement: Sendable {
        var columns: [PlanColumn: Int] = [:]
        /// Columns with a heading that were not placed, in order: named in a warning, not imported.
        var unplaced: [Int] = []
        /// A second heading for a column already placed: a problem, since Waymark cannot choose.
        var clashes: [(column: PlanColumn, earlier: Int, later: Int)] = []

        /// Without an activity column Waymark makes one activity for each area.
        var hasActivityLevel: Bool { columns[.activity] != nil }
        /// What a plan table needs to be recognised as one.
        var isPlan: Bool { columns[.milestone] != nil && columns[.deadline] != nil }
    }

    /// Places every column of a header row. An empty heading is neither placed nor warned about.
    static func place(_ headings: [String]) -> Placement {
        let meanings = headings.map { $0.isEmpty ? nil : meaning(of: $0) }
        let fixed = Set(meanings.compactMap { meaning -> PlanColumn? in
            if case .column(let column)? = meaning { column } else { nil }
        })
        // A plan runs from the general to the particular, left to right: with no milestone
        // column the last action column holds the milestones, and any before it the activities.
        let actions = meanings.indices.filter { meanings[$0] == .action }
        let actionColumn = { (index: Int) -> PlanColumn in
            fixed.contains(.milestone) || index != actions.last ? .activity : .milestone
        }
        let hasActivity = fixed.contains(.activity) || actions.contains { actionColumn($0) == .activity }

        var placement = Placement()
        func put(_ column: PlanColumn, _ index: Int) {
            if let earlier = placement.columns[column] {
                placement.clashes.append((column, earlier, index))
            } else {
                placement.columns[column] = index
            }
        }
        var referencesSeen = 0
        for (index, meaning) in meanings.enumerated() where !headings[index].isEmpty {
            switch meaning {
            case nil:
                placement.unplaced.append(index)
            case .column(.activityNumber)? where !hasActivity:
                placement.unplaced.append(index)
            case .column(let column)?:
                put(column, index)
            case .action?:
                put(actionColumn(index), index)
            case .reference?:
                // The first is the activity's, unless the activity has a number column of its own;
                // any other is the row's own reference.
                let activitys = hasActivity && referencesSeen == 0 && !fixed.contains(.activityNumber)
                put(activitys ? .activityNumber : .reference, index)
                referencesSeen += 1
            case .leadMember?:
                if fixed.contains(.lead) { placement.unplaced.append(index) } else { put(.lead, index) }
            }
        }
        return placement
    }

    /// "F" for the sixth column, "AB" for the twenty-eighth, as a spreadsheet names them.
    static func letters(_ index: Int) -> String {
        var number = index + 1
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }
}
