/// Reads deadlines the way council plans write them.
///
/// A deadline is a list of one or more windows ("Apr 17 & Oct 17"); each window is a point
/// ("May-18", "31st May 2018", "Q3 2017-18", "2017/18") or a range of points ("Mar-Apr 17",
/// "1 May to 15 June 2018"). The due date is the last day of the last window, because a milestone
/// written as "May-18" is on time if it is done by 31 May 2018. Two-digit years are 20xx.
///
/// Hand-written rather than `Regex`, because imports parse a deadline per row and must keep up
/// with tens of thousands of rows a second.
public enum DeadlineParser {
    public static func parse(_ written: String) throws(DeadlineParseError) -> Deadline {
        let text = written.trimmingWhitespace()
        func fail(_ reason: String) -> DeadlineParseError { DeadlineParseError(text: written, reason: reason) }
        guard !text.isEmpty else { throw fail("the deadline is empty; write a date such as \"May-18\", or \"On-going\"") }

        var tokens = DeadlineTokenizer.tokens(of: text)
        // "On-going", "on going", "Ongoing" and "T.B.C." all say the same thing.
        if tokens.allSatisfy({ $0.word != nil || $0.symbol == "-" || $0.symbol == "/" }),
           noFixedDatePhrases.contains(tokens.compactMap(\.word).joined()) {
            return Deadline(written: written, kind: .noFixedDate)
        }

        var openEnded = stripOpenEndSuffix(&tokens)
        var fromPrefix = false
        if let first = tokens.first?.word, openStartWords.contains(first) {
            tokens.removeFirst()
            fromPrefix = true
        }
        let parsed = try parseList(tokens[...], written: written)
        // "from Jan to Mar 2018" is a dated range; a bare "from Jan 2018" runs on.
        if fromPrefix && !parsed.usedRange { openEnded = true }

        let windows = parsed.windows
        let start = windows.map(\.start).min()!
        if openEnded {
            return Deadline(written: written, kind: .openEnded, earliestStart: start)
        }
        let due = windows.map(\.end).max()!
        let checkpoints = Array(Set(windows.map(\.end).filter { $0 != due })).sorted()
        return Deadline(written: written, kind: .dated, earliestStart: start, due: due, checkpoints: checkpoints)
    }

    // MARK: - Vocabulary

    static let noFixedDatePhrases: Set<String> = [
        "ongoing", "tbc", "tba", "tbd", "tobeconfirmed", "tobeagreed", "tobedetermined",
        "continuous", "continual", "rolling", "asrequired", "asneeded",
        "weekly", "monthly", "quarterly", "annually", "annual", "yearly",
    ]
    static let openStartWords: Set<String> = ["from", "starting", "commencing", "beginning", "since"]
    /// Words that only say "by the end of", so "by end 2017/18" means the same as "2017/18".
    static let leadingFillerWords: Set<String> = ["by", "the", "end", "of", "in", "during", "due", "deadline", "no", "later", "than", "fy", "financial", "year"]
    static let rangeWords: Set<String> = ["to", "until", "till", "through", "thru"]
    static let listWords: Set<String> = ["and"]

    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        for (index, name) in CalendarDate.monthNames.enumerated() {
            table[name.lowercased()] = index + 1
            table[String(name.lowercased().prefix(3))] = index + 1
        }
        table["sept"] = 9
        table["febuary"] = 2
        return table
    }()

    /// Meteorological seasons, as UK plans use them ("Spring 2018").
    static let seasons: [String: (first: Int, last: Int)] = [
        "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
    ]

    // MARK: - Open ends

    /// Removes "onwards", "and ongoing", "- ongoing" from the end; true when one was there.
    private static func stripOpenEndSuffix(_ tokens: inout [DeadlineToken]) -> Bool {
        guard tokens.count >= 2, let last = tokens.last?.word else { return false }
        if last == "onwards" || last == "onward" {
            tokens.removeLast()
        } else if last == "ongoing" {
            tokens.removeLast()
        } else if last == "going", tokens.count >= 3, tokens[tokens.count - 2].word == "on" {
            tokens.removeLast(2)
        } else if last == "going", tokens.count >= 4, tokens[tokens.count - 2].symbol == "-", tokens[tokens.count - 3].word == "on" {
            tokens.removeLast(3)
        } else {
            return false
        }
        while let tail = tokens.last, tail.symbol == "&" || tail.symbol == "," || tail.symbol == "-" || tail.word == "and" {
            tokens.removeLast()
        }
        return !tokens.isEmpty
    }

    // MARK: - Lists and ranges

    struct Window: Equatable {
        var start: CalendarDate
        var end: CalendarDate
    }

    struct ParsedList {
        var windows: [Window]
        var usedRange: Bool
    }

    private static func parseList(_ tokens: ArraySlice<DeadlineToken>, written: String) throws(DeadlineParseError) -> ParsedList {
        if let whole = try parseRange(tokens, written: written) {
            return ParsedList(windows: [whole.window], usedRange: whole.usedRange)
        }
        let items = tokens.split(whereSeparator: { $0.symbol == "&" || $0.symbol == "," || ($0.word.map(listWords.contains) ?? false) })
        guard items.count > 1 else { throw unreadable(written, tokens) }

        // Parse right to left, so "Apr & Oct 17" lets "Apr" borrow the year of "Oct 17".
        var windows: [Window] = []
        var usedRange = false
        var next: Window?
        for item in items.reversed() {
            if let range = try parseRange(item, written: written) {
                windows.append(range.window)
                usedRange = usedRange || range.usedRange
                next = range.window
            } else if let partial = try parsePartial(item, written: written), let anchor = next {
                let window = try partial.completed(endingBy: anchor.start, written: written)
                windows.append(window)
                next = window
            } else {
                throw DeadlineParseError(text: written, reason: "cannot read \"\(item.rendered)\" in the list")
            }
        }
        return ParsedList(windows: windows.reversed(), usedRange: usedRange)
    }

    private static func parseRange(_ tokens: ArraySlice<DeadlineToken>, written: String) throws(DeadlineParseError) -> (window: Window, usedRange: Bool)? {
        if let point = try parsePoint(tokens, written: written) { return (point, false) }
        for index in tokens.indices where tokens[index].symbol == "-" || (tokens[index].word.map(rangeWords.contains) ?? false) {
            let left = tokens[tokens.startIndex..<index]
            let right = tokens[(index + 1)...]
            guard !left.isEmpty, !right.isEmpty, let end = try parsePoint(right, written: written) else { continue }
            let start: Window
            if let full = try parsePoint(left, written: written) {
                start = full
            } else if let partial = try parsePartial(left, written: written) {
                start = try partial.completed(endingBy: end.start, written: written)
            } else {
                continue
            }
            guard start.start <= end.end else {
                throw DeadlineParseError(text: written, reason: "the range ends (\(end.end.display)) before it starts (\(start.start.display))")
            }
            return (Window(start: start.start, end: end.end), true)
        }
        return nil
    }

    static func unreadable(_ written: String, _ tokens: ArraySlice<DeadlineToken>) -> DeadlineParseError {
        if let q = tokens.firstIndex(where: { $0.word == "q" || $0.word == "quarter" }),
           tokens[q...].contains(where: { $0.number != nil && $0.digits == 4 }) {
            return DeadlineParseError(text: written, reason: "give the financial year of the quarter, such as \"Q3 2017-18\"")
        }
        return DeadlineParseError(
            text: written,
            reason: "expected a month and year such as \"May-18\", a date such as \"31 May 2018\", a range such as \"Mar-Apr 17\", a financial year or quarter such as \"Q3 2017-18\", or \"On-going\""
        )
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.reversed().first, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return String(self)
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
