/// A council's own words for milestone statuses, and the rule that gives them on a date.
///
/// Every scheme sorts its statuses into the same five kinds, so RAG rules, the summary sentence
/// and the API's counts work whatever the words. Lateness is always measured against the
/// original deadline (slippage is never hidden); statuses set by a decision ("Suspended") are
/// given by the performance team with a reason, never by dates.
public struct StatusScheme: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case completed
        case onTrack = "on_track"
        case lateWithinTolerance = "late_within_tolerance"
        case lateBeyondTolerance = "late_beyond_tolerance"
        case byDecision = "by_decision"
    }

    public struct Status: Sendable, Equatable, Codable {
        /// Stable, for files and the API: "on_target", "amber", "under_control".
        public var code: String
        public var name: String
        /// For tags, chart legends and the summary sentence: "Amber" for "Amber: up to a month late".
        public var short: String
        public var kind: Kind
        /// A colour token for the tag; the name always says the same in words.
        public var colour: String

        public init(code: String, name: String, short: String? = nil, kind: Kind, colour: String) {
            let beforeColon = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
            (self.code, self.name, self.short, self.kind, self.colour) = (code, name, short ?? beforeColon, kind, colour)
        }
    }

    /// How late something may be expected to finish, against its original deadline.
    public enum Lateness: Sendable, Equatable, Codable {
        case days(Int)
        case months(Int)

        /// "1 month", "10 days": as a person would write it, and as a frozen scheme stores it.
        public var written: String {
            switch self {
            case .days(let n): n == 1 ? "1 day" : "\(n) days"
            case .months(let n): n == 1 ? "1 month" : "\(n) months"
            }
        }

        public init?(written: String) {
            let parts = written.lowercased().split(separator: " ")
            guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return nil }
            switch parts[1] {
            case "day", "days": self = .days(n)
            case "month", "months": self = .months(n)
            default: return nil
            }
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Self(written: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a lateness such as \"1 month\""))
            }
            self = value
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(written)
        }

        func end(after due: CalendarDate) -> CalendarDate {
            switch self {
            case .days(let n): due.adding(days: n)
            case .months(let n): due.adding(months: n)
            }
        }
    }

    /// A late status and how late it covers: up to `upTo` after the deadline, or, with nil,
    /// anything later. Bands are in order, and the last has no limit.
    public struct Band: Sendable, Equatable, Codable {
        public var upTo: Lateness?
        public var code: String
        public init(upTo: Lateness?, code: String) { (self.upTo, self.code) = (upTo, code) }
    }

    public var code: String
    public var name: String
    /// In the order reports show them.
    public var statuses: [Status]
    public var completedCode: String
    public var onTrackCode: String
    public var lateBands: [Band]

    public init(code: String, name: String, statuses: [Status], completedCode: String, onTrackCode: String, lateBands: [Band]) {
        (self.code, self.name, self.statuses, self.completedCode, self.onTrackCode, self.lateBands) = (code, name, statuses, completedCode, onTrackCode, lateBands)
    }

    public func status(_ code: String) -> Status? { statuses.first { $0.code == code } }

    /// Statuses the performance team sets by decision, with a reason.
    public var decisionStatuses: [Status] { statuses.filter { $0.kind == .byDecision } }

    /// The scheme's status on `asOf`: a decision, where one stands, or else the dates' verdict,
    /// with the same expected date and tolerance arithmetic as `StatusRules`.
    public func assess(_ facts: MilestoneFacts, asOf: CalendarDate, decision: String? = nil) -> (status: Status, assessment: StatusAssessment) {
        let assessment = StatusRules.assess(facts, asOf: asOf)
        if let decision, let decided = status(decision), decided.kind == .byDecision, assessment.status != .completed {
            return (decided, assessment)
        }
        return (status(for: assessment), assessment)
    }

    /// The scheme's status for the criteria's verdict on some dates: the lateness bands decide
    /// how late is which late status.
    public func status(for assessment: StatusAssessment) -> Status {
        switch assessment.status {
        case .completed: return status(completedCode)!
        case .onTarget: return status(onTrackCode)!
        case .delayed, .overdue:
            guard let due = assessment.measuredAgainst, let expected = assessment.expected else { return status(onTrackCode)! }
            let band = lateBands.first { band in band.upTo.map { expected <= $0.end(after: due) } ?? true } ?? lateBands.last!
            return status(band.code)!
        }
    }

    /// What is wrong with a scheme an administrator defined, or nil when it will do.
    public var problem: String? {
        let codes = statuses.map(\.code)
        if Set(codes).count != codes.count { return "Each status needs a code of its own" }
        if statuses.contains(where: { $0.name.trimmingWhitespace().isEmpty }) { return "Each status needs a name" }
        guard status(completedCode)?.kind == .completed else { return "Choose which status means completed" }
        guard status(onTrackCode)?.kind == .onTrack else { return "Choose which status means on track" }
        guard let last = lateBands.last, last.upTo == nil else { return "The last lateness band must cover anything later" }
        for band in lateBands {
            guard let late = status(band.code), late.kind == .lateWithinTolerance || late.kind == .lateBeyondTolerance else {
                return "Each lateness band must give a late status"
            }
        }
        if lateBands.dropLast().contains(where: { $0.upTo == nil }) { return "Only the last lateness band may be without a limit" }
        return nil
    }
}
