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

    /// Nil when `text` fits; otherwise a sentence naming the field, such as
    /// "Milestone must be 500 characters or fewer (it has 2,000,000)".
    public func problem(_ text: String, label: String) -> String? {
        let count = text.count
        guard count > maximum else { return nil }
        return "\(label) must be \(Self.grouped(maximum)) characters or fewer (it has \(Self.grouped(count)))"
    }

    /// For import problems, which name the line and field already: "the milestone is 2,000,000
    /// characters long; it must be 500 characters or fewer".
    public func importProblem(_ text: String, what: String) -> String? {
        let count = text.count
        guard count > maximum else { return nil }
        return "\(what) is \(Self.grouped(count)) characters long; it must be \(Self.grouped(maximum)) characters or fewer"
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
