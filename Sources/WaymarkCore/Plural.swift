/// Counts in words, in the right number: "1 milestone", "115 milestones", "2 activities",
/// never "milestone(s)".
public enum Plural {
    /// The noun for `count` of them: the singular for exactly one, otherwise the plural, which is
    /// made by the usual English rules ("activity" → "activities", "box" → "boxes") unless given.
    public static func noun(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        count == 1 ? singular : plural ?? regularPlural(of: singular)
    }

    /// The count and its noun: "0 milestones", "1 milestone", "3 lead officers".
    public static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(noun(count, singular, plural: plural))"
    }

    static func regularPlural(of word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            return String(word.dropLast()) + "ies"
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: lower.hasSuffix) { return word + "es" }
        return word + "s"
    }
}
