/// Lead officers as plans write them: joint leads in one cell, names cut short by the table.
public enum LeadNames {
    /// Splits "Will Tuckley/Louise Stamp", "Steve Hill & Emily Fieran-Reed", "A, B and C" into
    /// names. Hyphens stay: they are part of names such as "Fieran-Reed".
    public static func split(_ written: String) -> [String] {
        let bytes = Array(written.utf8)
        var names: [String] = []
        var start = 0
        var index = 0
        func cut(_ end: Int) {
            let name = DelimitedText.collapseSpaces(String(decoding: bytes[start..<end], as: UTF8.self))
            if !name.isEmpty { names.append(name) }
        }
        while index < bytes.count {
            if separatorBytes.contains(bytes[index]) {
                cut(index)
                index += 1
                start = index
            } else if isWordAnd(bytes, at: index) {
                cut(index)
                index += 5
                start = index - 1
            } else {
                index += 1
            }
        }
        cut(bytes.count)
        return names
    }

    private static let separatorBytes: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "&"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\n")]

    /// " and " in any case, as a whole word between two names.
    private static func isWordAnd(_ bytes: [UInt8], at i: Int) -> Bool {
        i > 0 && i + 4 < bytes.count && bytes[i] == 0x20 && bytes[i + 4] == 0x20
            && bytes[i + 1] | 0x20 == UInt8(ascii: "a") && bytes[i + 2] | 0x20 == UInt8(ascii: "n") && bytes[i + 3] | 0x20 == UInt8(ascii: "d")
    }

    /// The names with repeats of one person ("Jo Bloggs / jo bloggs") dropped, first spelling kept.
    public static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert(key($0)).inserted }
    }

    /// How two spellings of one name are compared: case and spacing do not matter.
    public static func key(_ name: String) -> String {
        DelimitedText.collapseSpaces(name).lowercased()
    }

    /// Maps each cut-short name to the one full name in `names` that begins with all its words,
    /// as "Kelly" begins "Kelly Powell". Ambiguous or unmatched names map to nothing.
    public static func expansions(among names: [String]) -> (resolved: [String: String], ambiguous: [String: [String]]) {
        var distinct: [String: String] = [:]
        for name in names where distinct[key(name)] == nil { distinct[key(name)] = name }
        // Every shorter run of leading words of each full name points back at that name.
        var fullNamesByPrefix: [String: [String]] = [:]
        for fullKey in distinct.keys {
            let words = fullKey.split(separator: " ")
            guard words.count > 1 else { continue }
            for length in 1..<words.count {
                fullNamesByPrefix[words.prefix(length).joined(separator: " "), default: []].append(fullKey)
            }
        }
        var resolved: [String: String] = [:]
        var ambiguous: [String: [String]] = [:]
        for shortKey in distinct.keys {
            guard let candidates = fullNamesByPrefix[shortKey]?.sorted() else { continue }
            if candidates.count == 1 {
                resolved[shortKey] = distinct[candidates[0]]
            } else {
                ambiguous[shortKey] = candidates.map { distinct[$0]! }
            }
        }
        return (resolved, ambiguous)
    }
}
