/// Rebuilds a milestone as it stood at an earlier moment from the audit trail: start from how it
/// is now and undo, newest first, every recorded change made after that moment.
///
/// Only what decides a status is rebuilt: title, the deadline as written, forecast, completion,
/// lifecycle and the agreed revised deadline. The deadline's parsed form is worked out again from
/// the text, so it is whatever the rules make of the words written at the time.
public enum PointInTime {
    /// The fields rebuilt, as the milestones table names them.
    public static let fields = ["title", "deadline_text", "forecast_date", "completed_date", "lifecycle", "withdrawn_reason",
                                "revised_deadline_text", "revision_count"]

    /// Audit records name some fields differently from the table.
    static let aliases = ["deadline": "deadline_text", "revised_deadline": "revised_deadline_text"]

    /// - Parameters:
    ///   - current: the milestone's fields now.
    ///   - changes: the `before` values of each change made after the moment, newest first.
    public static func rewind(_ current: [String: String], undoing changes: [[String: String]]) -> [String: String] {
        var values = current
        for before in changes {
            for (key, value) in before {
                let field = aliases[key] ?? key
                guard fields.contains(field) else { continue }
                values[field] = value
            }
        }
        return values
    }

    /// The facts the status rules need, from rebuilt fields; nil when the deadline text no longer parses.
    public static func facts(_ values: [String: String]) -> MilestoneFacts? {
        guard let deadline = try? DeadlineParser.parse(values["deadline_text"] ?? "") else { return nil }
        func day(_ key: String) -> CalendarDate? { values[key].flatMap { $0.isEmpty ? nil : CalendarDate(iso: $0) } }
        return MilestoneFacts(deadline: deadline, forecast: day("forecast_date"), completedOn: day("completed_date"))
    }
}
