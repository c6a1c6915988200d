/// A milestone's deadline: the text as the plan wrote it, and what Waymark understands by it.
public struct Deadline: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// A window with a due date: "May-18", "Mar-Apr 17", "Apr 17 & Oct 17".
        case dated
        /// Starts at a known point and runs on: "July 17 onwards", "from Jan 2018".
        case openEnded = "open_ended"
        /// "On-going", "TBC": nothing to be late against.
        case noFixedDate = "no_fixed_date"
    }

    public var written: String
    public var kind: Kind
    public var earliestStart: CalendarDate?
    /// The last day of the window. "May-18" is due 31 May 2018. Nil unless `kind == .dated`.
    public var due: CalendarDate?
    /// Interim points before the due date: "Apr 17 & Oct 17" has a checkpoint on 30 Apr 2017.
    public var checkpoints: [CalendarDate]

    public init(written: String, kind: Kind, earliestStart: CalendarDate? = nil,
                due: CalendarDate? = nil, checkpoints: [CalendarDate] = []) {
        self.written = written
        self.kind = kind
        self.earliestStart = earliestStart
        self.due = due
        self.checkpoints = checkpoints
    }

    /// Parses the deadline as written; see `DeadlineParser` for the styles understood.
    public init(parsing text: String) throws(DeadlineParseError) {
        self = try DeadlineParser.parse(text)
    }

    /// A plain-English account of the parse, for the milestone page: "due 31 May 2018".
    public var explanation: String {
        switch kind {
        case .noFixedDate:
            return "no fixed date"
        case .openEnded:
            return earliestStart.map { "from \($0.display), no end date" } ?? "no end date"
        case .dated:
            var parts: [String] = []
            if let start = earliestStart, let due, start != due,
               start != CalendarDate.firstDay(month: due.month, year: due.year) {
                parts.append("from \(start.display)")
            }
            if !checkpoints.isEmpty {
                parts.append((checkpoints.count == 1 ? "checkpoint " : "checkpoints ") + checkpoints.map(\.display).joined(separator: ", "))
            }
            if let due { parts.append("due \(due.display)") }
            return parts.joined(separator: ", ")
        }
    }
}

public struct DeadlineParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "cannot read the deadline \"\(text)\": \(reason)" }
}
