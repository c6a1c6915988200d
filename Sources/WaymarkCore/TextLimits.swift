/// How long each kind of text may be. The limits are generous for real plans (the longest
/// milestone in the 2017-18 plan is 266 characters) but stop a pasted document, or a 2 MB word,
/// from becoming a milestone that no page or report can lay out.
public enum TextLimit: Sendable, CaseIterable {
    /// Milestone, activity, area and plan titles.
    case title
    /// People's names, job titles, board and meeting names, token names.
    case name
    /// Deadlines as written, minute references and other short codes.
    case short
    /// Progress commentary, reasons, narratives, decisions and comments.
    case text

    public var maximum: Int {
        switch self {
        case .title: 500
        case .name: 150
        case .short: 100
        case .text: 10_000
        }
    }

    /// Titles, names and short codes are one line; commentary, reasons and narratives may run to
    /// several, with tabs.
    public var isSingleLine: Bool { self != .text }

    /// Nil when `text` fits; otherwise a sentence naming the field, such as
    /// "Milestone must be 500 characters or fewer (it has 2,000,000)", or, for text holding a
    /// character its kind refuses, "Milestone must be on one line, without tabs, line breaks or
    /// other control characters (character 12 is a line break)".
    ///
    /// Single-line kinds refuse every control character (C0 controls including tab, CR and LF;
    /// DEL; C1 controls) and the Unicode line and paragraph separators, so a title can never end
    /// an email header or a line of a file it is written into. `.text` allows line breaks (LF, and
    /// CR from clients that send CR LF) and tabs, and no other control character.
    public func problem(_ text: String, label: String) -> String? {
        let count = text.count
        if count > maximum {
            return "\(label) must be \(Self.grouped(maximum)) characters or fewer (it has \(Self.grouped(count)))"
        }
        return characterProblem(text, subject: label, singleLine: isSingleLine)
    }

    /// For import problems, which name the line and field already: "the milestone is 2,000,000
    /// characters long; it must be 500 characters or fewer". `allowingLineBreaks` is for a cell
    /// whose line breaks separate entries (joint lead officers, one a line); each entry is then
    /// checked on its own.
    public func importProblem(_ text: String, what: String, allowingLineBreaks: Bool = false) -> String? {
        let count = text.count
        if count > maximum {
            return "\(what) is \(Self.grouped(count)) characters long; it must be \(Self.grouped(maximum)) characters or fewer"
        }
        return characterProblem(text, subject: what, singleLine: isSingleLine && !allowingLineBreaks)
    }

    private func characterProblem(_ text: String, subject: String, singleLine: Bool) -> String? {
        guard let found = Self.refusedCharacter(in: text, singleLine: singleLine) else { return nil }
        let which = "character \(Self.grouped(found.position)) is \(Self.describe(found.scalar))"
        return singleLine
            ? "\(subject) must be on one line, without tabs, line breaks or other control characters (\(which))"
            : "\(subject) must not contain control characters other than line breaks and tabs (\(which))"
    }

    /// True for a character a single-line field refuses (`singleLine`), or that even multi-line
    /// text refuses.
    public static func isRefused(_ scalar: Unicode.Scalar, singleLine: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: singleLine
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        case 0x2028, 0x2029: singleLine
        default: false
        }
    }

    /// The first refused character and its position (1-based, counted as a person counts
    /// characters), or nil. The bytes are checked first, so text with none costs one pass.
    public static func refusedCharacter(in text: String, singleLine: Bool) -> (position: Int, scalar: Unicode.Scalar)? {
        var bytes = text.utf8.makeIterator()
        var suspicious = false
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        while let byte = bytes.next() {
            if byte < 0x20 || byte == 0x7F {
                if !(byte == 0x09 || byte == 0x0A || byte == 0x0D) || singleLine { suspicious = true; break }
            } else if previous == 0xC2 && (0x80...0x9F).contains(byte) {
                suspicious = true; break
            } else if singleLine && beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) {
                suspicious = true; break
            }
            beforePrevious = previous
            previous = byte
        }
        guard suspicious else { return nil }
        for (offset, character) in text.enumerated() {
            if let scalar = character.unicodeScalars.first(where: { isRefused($0, singleLine: singleLine) }) {
                return (offset + 1, scalar)
            }
        }
        return nil
    }

    /// "a line break", "a tab", or "the control character U+001B".
    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return "a line break"
        case 0x09: return "a tab"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "the control character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
