/// References as people read them. A plan numbered through (Tower Hamlets: activity 12,
/// milestone 12.3) keeps Waymark's numbers; a plan that numbers its own ("2.3", "1)", "1.2.3")
/// keeps its own, as written, everywhere a reference is shown.
public enum References {
    /// "2.3" for an activity the file called "2.3", "4" for "4)" or "4.", else its number.
    public static func activity(reference: String?, number: Int) -> String {
        let trimmed = (reference ?? "").trimmingWhitespace()
        let stem = String(trimmed.reversed().drop { $0 == "." || $0 == ")" }.reversed())
        return stem.isEmpty ? String(number) : stem
    }

    /// The row's own reference when the file gave one, else the activity's and the position.
    public static func milestone(own: String?, activityReference: String?, activityNumber: Int, position: Int) -> String {
        if let own = own?.trimmingWhitespace(), !own.isEmpty { return own }
        return "\(activity(reference: activityReference, number: activityNumber)).\(position)"
    }
}
