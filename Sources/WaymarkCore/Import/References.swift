/// References as people read them. A plan numbered through (Tower Hamlets: activity 12,
/// milestone 12.3) keeps Waymark's numbers; a plan that numbers its own ("2.3", "1)", "1.2.3")
/// keeps its own, as written, everywhere a reference is shown.
public enum References {
    /// "2.3" for an activity the file called "2.3", "4" for "4)" or "4.", else its number.
    public static func activity(reference: String?, number: Int) -> String {
        guard let reference else { return String(number) }
        // Every milestone of every list asks, so the trailing marks are cut without reversing.
        let trimmed = reference.trimmingWhitespace()
        let stem = trimmed[..<(trimmed.utf8.lastIndex { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ")") }.map { trimmed.utf8.index(after: $0) } ?? trimmed.startIndex)]
        return stem.isEmpty ? String(number) : String(stem)
    }

    /// The row's own reference when the file gave one, else the activity's and the position.
    public static func milestone(own: String?, activityReference: String?, activityNumber: Int, position: Int) -> String {
        if let own = own?.trimmingWhitespace(), !own.isEmpty { return own }
        return "\(activity(reference: activityReference, number: activityNumber)).\(position)"
    }
}
