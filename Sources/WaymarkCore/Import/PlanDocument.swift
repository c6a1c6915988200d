/// A plan as read from a file, before it touches the database: areas, numbered activities and
/// milestones in the file's order, each remembering its line for messages.
public struct PlanDocument: Sendable, Equatable {
    public struct Area: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var activities: [Activity]
    }

    public struct Activity: Sendable, Equatable {
        /// Unique across the plan: the file's own number where its activities are numbered
        /// through the whole plan ("12."), else 1, 2, 3… in the file's order.
        public var number: Int
        public var title: String
        public var line: Int
        public var milestones: [Milestone]
        /// The file's reference as written, trimmed: "12.", "2.3", "1)", "4". Several areas may
        /// each have a "1."; empty when the file gives none or Waymark made the activity itself.
        public var reference: String = ""
    }

    public struct Milestone: Sendable, Equatable {
        public var line: Int
        public var title: String
        /// The lead cell as written, before splitting: "Andreas Christophorou/Kelly".
        public var leadsWritten: String
        /// Resolved names, one per person: ["Andreas Christophorou", "Kelly Powell"].
        public var leads: [String]
        public var deadline: Deadline
        public var forecast: CalendarDate?
        public var completedOn: CalendarDate?
        public var withdrawnReason: String?
        /// The row's own reference as written ("1.2.3"), where the file gives one.
        public var reference: String? = nil
        /// The code, in the plan's status scheme, of the status the file reports ("amber").
        /// Waymark still works statuses out from the dates; this is what the council said.
        public var reportedStatus: String? = nil
    }

    /// The first line of a delivery-plan document, such as "Best Value Improvement Plan 2017-18".
    public var title: String?
    public var areas: [Area] = []
    /// Things the reader decided on the user's behalf, such as matching "Kelly" to "Kelly Powell".
    public var warnings: [ImportProblem] = []

    public var activityCount: Int { areas.reduce(0) { $0 + $1.activities.count } }
    public var milestoneCount: Int { areas.reduce(0) { $0 + $1.activities.reduce(0) { $0 + $1.milestones.count } } }

    /// Every lead named, once, in order of first appearance.
    public var people: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for area in areas {
            for activity in area.activities {
                for milestone in activity.milestones {
                    for lead in milestone.leads where seen.insert(LeadNames.key(lead)).inserted {
                        names.append(lead)
                    }
                }
            }
        }
        return names
    }
}

/// A problem found in an import file, said with where it is: "line 42, deadline: …".
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String
    /// In a workbook, the sheet; `line` is then its row number.
    public var sheet: String?

    public init(line: Int, field: String? = nil, message: String, sheet: String? = nil) {
        self.line = line
        self.field = field
        self.message = message
        self.sheet = sheet
    }

    public var description: String {
        let place = sheet.map { "sheet \"\($0)\", row \(line)" } ?? "line \(line)"
        if let field { return "\(place), \(field): \(message)" }
        return "\(place): \(message)"
    }
}

/// Every problem in a file at once, so it can be fixed in one pass rather than one per try.
public struct ImportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "The file was not imported: \(count) found.\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
