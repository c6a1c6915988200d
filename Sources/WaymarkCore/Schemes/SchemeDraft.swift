/// A status scheme as an administrator writes it on a form: a name and up to eight statuses in
/// order, each with a name, a short label, a kind, a colour and, for late statuses, how late it
/// covers. `build` turns it into a `StatusScheme` or says, row by row, what is wrong.
public struct SchemeDraft: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var short: String
        public var kind: String
        public var colour: String
        /// "1 month", "10 days"; blank for the last late status, which covers anything later.
        public var lateUpTo: String

        public init(name: String, short: String = "", kind: String, colour: String, lateUpTo: String = "") {
            (self.name, self.short, self.kind, self.colour, self.lateUpTo) = (name, short, kind, colour, lateUpTo)
        }
    }

    public static let colours = ["blue", "green", "amber", "red", "grey"]
    public static let maximumRows = 8

    public var name: String
    public var rows: [Row]

    public init(name: String, rows: [Row]) { (self.name, self.rows) = (name, rows) }

    /// The draft of an existing scheme, for its edit form.
    public init(_ scheme: StatusScheme) {
        name = scheme.name
        rows = scheme.statuses.map { status in
            Row(name: status.name, short: status.short == status.name ? "" : status.short, kind: status.kind.rawValue,
                colour: Self.colours.contains(status.colour) ? status.colour : "grey",
                lateUpTo: scheme.lateBands.first { $0.code == status.code }?.upTo?.written ?? "")
        }
    }

    /// Problems by form field: "name", or "row-3-kind" for the third status's kind.
    public func build(code: String) -> (scheme: StatusScheme?, problems: [SchemeProblem]) {
        var problems: [SchemeProblem] = []
        let title = name.trimmingWhitespace()
        if title.isEmpty { problems.append(.init(field: "name", message: "Enter the scheme's name")) }
        if let long = TextLimit.name.problem(title, label: "The scheme's name") { problems.append(.init(field: "name", message: long)) }
        var statuses: [StatusScheme.Status] = []
        var bands: [StatusScheme.Band] = []
        var lastLateness: Int?
        for (index, row) in rows.enumerated() where !row.name.trimmingWhitespace().isEmpty {
            let field = { (part: String) in "row-\(index + 1)-\(part)" }
            let rowName = row.name.trimmingWhitespace(), short = row.short.trimmingWhitespace()
            for (text, part, label) in [(rowName, "name", "The status's name"), (short, "short", "The short label")] {
                if let long = TextLimit.short.problem(text, label: label) { problems.append(.init(field: field(part), message: long)) }
            }
            guard let kind = StatusScheme.Kind(rawValue: row.kind) else {
                problems.append(.init(field: field("kind"), message: "Choose what status \(index + 1) means")); continue
            }
            guard Self.colours.contains(row.colour) else {
                problems.append(.init(field: field("colour"), message: "Choose a colour for status \(index + 1)")); continue
            }
            let statusCode = Self.slug(short.isEmpty ? rowName : short)
            if statusCode.isEmpty { problems.append(.init(field: field("name"), message: "Give status \(index + 1) a name with letters or numbers")); continue }
            if statuses.contains(where: { $0.code == statusCode }) {
                problems.append(.init(field: field("name"), message: "Status \(index + 1) has the same name as another")); continue
            }
            statuses.append(.init(code: statusCode, name: rowName, short: short.isEmpty ? nil : short, kind: kind, colour: row.colour))
            let lateness = row.lateUpTo.trimmingWhitespace()
            switch kind {
            case .lateWithinTolerance, .lateBeyondTolerance:
                if lateness.isEmpty {
                    bands.append(.init(upTo: nil, code: statusCode))
                } else if let upTo = StatusScheme.Lateness(written: lateness) {
                    let days = upTo.approximateDays
                    if let lastLateness, days <= lastLateness {
                        problems.append(.init(field: field("late"), message: "Each late status must cover later than the one before it"))
                    }
                    lastLateness = days
                    bands.append(.init(upTo: upTo, code: statusCode))
                } else {
                    problems.append(.init(field: field("late"), message: "Write how late it covers as a number of days or months, such as \"1 month\" or \"10 days\""))
                }
            default:
                if !lateness.isEmpty { problems.append(.init(field: field("late"), message: "Only a late status covers a lateness; leave this blank")) }
            }
        }
        if statuses.count > Self.maximumRows { problems.append(.init(field: "row-1-name", message: "A scheme has at most \(Self.maximumRows) statuses")) }
        for (kind, words) in [(StatusScheme.Kind.completed, "completed"), (.onTrack, "on track")] where statuses.filter({ $0.kind == kind }).count != 1 {
            problems.append(.init(field: "row-1-kind", message: "Exactly one status must mean \(words)"))
        }
        if bands.isEmpty { problems.append(.init(field: "row-1-kind", message: "At least one status must mean late")) }
        if bands.dropLast().contains(where: { $0.upTo == nil }) || (bands.last.map { $0.upTo != nil } ?? false) {
            problems.append(.init(field: "row-1-kind", message: "Every late status but the last needs how late it covers; the last covers anything later and is left blank"))
        }
        guard problems.isEmpty else { return (nil, problems) }
        let scheme = StatusScheme(code: code, name: title, statuses: statuses,
                                  completedCode: statuses.first { $0.kind == .completed }!.code,
                                  onTrackCode: statuses.first { $0.kind == .onTrack }!.code, lateBands: bands)
        if let problem = scheme.problem { return (nil, [.init(field: "name", message: problem)]) }
        return (scheme, [])
    }

    /// "Under Control" → "under_control": a stable code for files and the API.
    public static func slug(_ text: String) -> String {
        let words = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(words).split(separator: " ").joined(separator: "_").filter { $0.isASCII }
    }
}

public struct SchemeProblem: Sendable, Equatable {
    public var field: String
    public var message: String
}

extension StatusScheme.Lateness {
    /// For ordering bands only: a month counts as 31 days, so "1 month" comes after "30 days".
    var approximateDays: Int {
        switch self {
        case .days(let n): n
        case .months(let n): n * 31
        }
    }
}
