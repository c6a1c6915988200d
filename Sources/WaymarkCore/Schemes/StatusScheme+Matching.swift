/// Statuses as people write them in a plan's status column, matched to a scheme's own.
extension StatusScheme {
    /// The status `written` names, or nil. Case, spaces and punctuation do not matter, so
    /// "GREEN", "on-target" and "Behind schedule" match. A status matches by its code, its name,
    /// or the part of its name before a colon ("Green" for "Green: on target"); a status with one
    /// of the standard codes also matches the words `MilestoneStatus(label:)` reads ("Complete",
    /// "Done", "On track"). "Withdrawn" is not a status of any scheme: it takes the milestone
    /// out of the counts, and the importer reads it before asking here.
    public func status(matching written: String) -> Status? {
        let key = Self.matchKey(written)
        guard !key.isEmpty else { return nil }
        // Codes first, so a scheme whose short name repeats another status's code stays predictable.
        if let found = statuses.first(where: { Self.matchKey($0.code) == key }) { return found }
        if let found = statuses.first(where: { Self.matchKey($0.name) == key }) { return found }
        if let found = statuses.first(where: { Self.matchKey($0.shortName) == key }) { return found }
        if let standard = MilestoneStatus(label: written), let found = status(standard.rawValue) { return found }
        return nil
    }

    /// The statuses' short names as a sentence offers them: "Complete, Green, Amber, Red,
    /// Rescheduled with approval or Suspended".
    public var statusNamesListed: String {
        let names = statuses.map(\.shortName)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    static func matchKey(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

extension StatusScheme.Status {
    /// The name before its colon: "Green" for "Green: on target"; the whole name without one.
    public var shortName: String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        let short = String(name[..<colon]).trimmingWhitespace()
        return short.isEmpty ? name : short
    }
}
