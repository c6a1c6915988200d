/// One piece of a written deadline: a number, a word, or a symbol such as "-", "/", "&".
struct DeadlineToken: Equatable, Sendable {
    var number: Int?
    var digits: Int = 0
    var word: String?
    var symbol: Character?

    static func number(_ value: Int, digits: Int) -> Self { .init(number: value, digits: digits) }
    static func word(_ value: String) -> Self { .init(word: value) }
    static func symbol(_ value: Character) -> Self { .init(symbol: value) }

    var rendered: String {
        if let number { return String(number) }
        if let word { return word }
        return symbol.map(String.init) ?? ""
    }
}

extension ArraySlice where Element == DeadlineToken {
    var rendered: String { map(\.rendered).joined(separator: " ") }
}

enum DeadlineTokenizer {
    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th"]

    /// Lower-cases, splits letters from digits ("May-18" is may, -, 18; "Q3" is q, 3), folds the
    /// dashes people type into "-", and drops ordinal suffixes and apostrophes ("31st", "May '18").
    static func tokens(of text: String) -> [DeadlineToken] {
        var tokens: [DeadlineToken] = []
        var word = ""
        var number = 0
        var digits = 0

        func flush() {
            if digits > 0 {
                tokens.append(.number(number, digits: digits))
                number = 0
                digits = 0
            }
            if !word.isEmpty {
                let afterNumber = tokens.last?.number != nil
                if !(afterNumber && ordinalSuffixes.contains(word)) {
                    tokens.append(.word(word))
                }
                word = ""
            }
        }

        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                if !word.isEmpty { flush() }
                number = number &* 10 &+ Int(scalar.value - 48)
                digits += 1
            case "A"..."Z", "a"..."z":
                if digits > 0 { flush() }
                word.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) | 0x20))
            case _ where scalar.properties.isAlphabetic:
                if digits > 0 { flush() }
                word.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            case "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}":
                flush()
                tokens.append(.symbol("-"))
            case "/", "&", ",", "+":
                flush()
                tokens.append(.symbol(Character(scalar)))
            case ".":
                flush()
                // "Sept. 2017" and a closing full stop are punctuation; "31.05.2018" is a date.
                if tokens.last?.number != nil { tokens.append(.symbol(".")) }
            case "'", "\u{2018}", "\u{2019}", "(", ")":
                flush()
            default:
                flush()
                if !scalar.properties.isWhitespace { tokens.append(.symbol(Character(scalar))) }
            }
        }
        flush()
        while tokens.last?.symbol == "." { tokens.removeLast() }
        return tokens
    }
}
