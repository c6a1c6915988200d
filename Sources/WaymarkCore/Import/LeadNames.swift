/// Lead officers as plans write them: joint leads in one cell, names cut short by the table.
public enum LeadNames {
    /// Splits "Will Tuckley/Louise Stamp", "Steve Hill & Emily Fieran-Reed", "A, B and C" into
    /// names. Hyphens stay: they are part of names such as "Fieran-Reed".
    public static func split(_ written: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for character in written {
            if character == "/" || character == "&" || character == "," || character == ";" || character == "\n" {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
            .flatMap { $0.splittingOnWord("and") }
            .map { DelimitedText.collapseSpaces($0) }
            .filter { !$0.isEmpty }
    }

    /// How two spellings of one name are compared: case and spacing do not matter.
    public static func key(_ name: String) -> String {
        DelimitedText.collapseSpaces(name).lowercased()
    }

    /// Maps each cut-short name to the one full name in `names` that begins with all its words,
    /// as "Kelly" begins "Kelly Powell". Ambiguous or unmatched names map to nothing.
    public static func expansions(among names: [String]) -> (resolved: [String: String], ambiguous: [String: [String]]) {
        var distinct: [String: String] = [:]
        for name in names { distinct[key(name)] = distinct[key(name)] ?? name }
        let words = distinct.mapValues { $0.lowercased().split(separator: " ") }
        var resolved: [String: String] = [:]
        var ambiguous: [String: [String]] = [:]
        for (shortKey, shortWords) in words {
            let candidates = words.filter { fullKey, fullWords in
                fullKey != shortKey && fullWords.count > shortWords.count && Array(fullWords.prefix(shortWords.count)) == shortWords
            }.keys.sorted()
            if candidates.count == 1 {
                resolved[shortKey] = distinct[candidates[0]]
            } else if candidates.count > 1 {
                ambiguous[shortKey] = candidates.map { distinct[$0]! }
            }
        }
        return (resolved, ambiguous)
    }
}

extension String {
    /// Splits on a whole word such as " and ", so "Grand Andrews" is left alone.
    func splittingOnWord(_ word: String) -> [String] {
        let pieces = split(separator: " ", omittingEmptySubsequences: false)
        var result: [String] = []
        var current: [Substring] = []
        for piece in pieces {
            if piece.lowercased() == word, !current.isEmpty {
                result.append(current.joined(separator: " "))
                current = []
            } else {
                current.append(piece)
            }
        }
        result.append(current.joined(separator: " "))
        return result
    }
}
