/// Everything a publication shows the public, frozen when it is published: a closed period's
/// snapshot with only what may be public. Pages, CSV, JSON and feeds are all drawn from this,
/// so a publication's content never changes once made.
public struct PublicationContent: Codable, Sendable, Equatable {
    public struct Milestone: Codable, Sendable, Equatable {
        public var ref: String
        public var activity: String
        public var title: String
        /// Lead officers' names, as public Board papers give them; never an email or account.
        public var leads: [String]
        public var deadline: String
        public var dueDate: String?
        public var revisedDeadline: String?
        public var status: String
        public var statusLabel: String
        /// The commentary approved for the public, or nil for "No public update this quarter".
        public var commentary: String?
        /// Each lead officer's job title as it stood when published ("" where none is recorded),
        /// in the order of `leads`; nil in publications made before titles were published.
        public var leadJobTitles: [String]?
        /// The agreed revised deadline as a date; nil where there is none, or in publications
        /// made before it was published.
        public var revisedDueDate: String?

        public init(ref: String, activity: String, title: String, leads: [String], deadline: String, dueDate: String?, revisedDeadline: String?,
                    status: String, statusLabel: String, commentary: String?, leadJobTitles: [String]? = nil, revisedDueDate: String? = nil) {
            (self.ref, self.activity, self.title, self.leads, self.deadline, self.dueDate) = (ref, activity, title, leads, deadline, dueDate)
            (self.revisedDeadline, self.status, self.statusLabel, self.commentary) = (revisedDeadline, status, statusLabel, commentary)
            (self.leadJobTitles, self.revisedDueDate) = (leadJobTitles, revisedDueDate)
        }

        /// "Lucy Marsh (Head of Communications)", as public Board papers name lead officers.
        public var leadsWithTitles: [String] {
            leads.enumerated().map { index, name in
                let title = leadJobTitles.flatMap { index < $0.count ? $0[index] : nil } ?? ""
                return title.isEmpty ? name : "\(name) (\(title))"
            }
        }
    }

    public struct Area: Codable, Sendable, Equatable {
        public var name: String
        public var rating: String?
        public var counts: [String: Int]
        public var total: Int
        public var percentComplete: Int
        public var background: String
        public var achievements: String
        public var continuing: String
        public var milestones: [Milestone]
        /// Against the plan's previous publication, worked out when this one was published so
        /// that withdrawing an earlier one never changes what this one says.
        public var direction: PublicDirection

        public init(name: String, rating: String?, counts: [String: Int], total: Int, percentComplete: Int,
                    background: String, achievements: String, continuing: String, milestones: [Milestone], direction: PublicDirection = .new) {
            (self.name, self.rating, self.counts, self.total, self.percentComplete) = (name, rating, counts, total, percentComplete)
            (self.background, self.achievements, self.continuing, self.milestones, self.direction) = (background, achievements, continuing, milestones, direction)
        }
    }

    public struct Decision: Codable, Sendable, Equatable {
        public var item: String
        public var decision: String
        public var minute: String
        public init(item: String, decision: String, minute: String) { (self.item, self.decision, self.minute) = (item, decision, minute) }
    }

    /// A measurable outcome the council marked for publication, with its signed-off value.
    public struct Outcome: Codable, Sendable, Equatable {
        public var area: String?
        public var kpi: String
        public var value: String?
        public var target: String?
        public var rating: String
        public var ratingLabel: String
        public var direction: String
        public var benchmark: String?
        public init(area: String?, kpi: String, value: String?, target: String?, rating: String, ratingLabel: String, direction: String, benchmark: String?) {
            (self.area, self.kpi, self.value, self.target, self.rating, self.ratingLabel, self.direction, self.benchmark) =
                (area, kpi, value, target, rating, ratingLabel, direction, benchmark)
        }
    }

    public var council: String
    public var planTitle: String
    public var period: String
    public var months: String
    public var asOf: String
    public var summary: String
    public var areas: [Area]
    public var decisions: [Decision]
    public var outcomes: [Outcome]
    /// The scheme the statuses and counts are in; nil in publications made before schemes, which
    /// are in the standard scheme.
    public var scheme: StatusScheme?

    public init(council: String, planTitle: String, period: String, months: String, asOf: String, summary: String, areas: [Area], decisions: [Decision],
                outcomes: [Outcome] = [], scheme: StatusScheme? = nil) {
        (self.council, self.planTitle, self.period, self.months, self.asOf, self.summary, self.areas, self.decisions, self.outcomes) =
            (council, planTitle, period, months, asOf, summary, areas, decisions, outcomes)
        self.scheme = scheme
    }

    public var statusScheme: StatusScheme { scheme ?? .standard }

    public var milestoneCount: Int { areas.reduce(0) { $0 + $1.milestones.count } }
}

/// Which way an area moved since the previous publication, by its share of milestones completed.
public enum PublicDirection: String, Codable, Sendable {
    case improving, noChange = "no_change", worsening, new

    public static func of(_ now: Int, since before: Int?) -> PublicDirection {
        guard let before else { return .new }
        return now > before ? .improving : now < before ? .worsening : .noChange
    }

    public var label: String {
        switch self {
        case .improving: "Improving"
        case .noChange: "No change"
        case .worsening: "Worsening"
        case .new: "First published this quarter"
        }
    }

    /// An arrow for sighted readers; the label says the same in words.
    public var arrow: String {
        switch self {
        case .improving: "↑"
        case .noChange: "→"
        case .worsening: "↓"
        case .new: ""
        }
    }
}
