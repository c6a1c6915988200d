/// One path from the columns a milestone is stored in to its status, so the dashboard, the
/// lists, the milestone page, the snapshot and the Board pack cannot disagree, and a change to
/// the rules is made in one place.
extension Deadline {
    /// A deadline as stored: the text as written, its kind, and ISO dates (checkpoints separated
    /// by commas). A kind Waymark does not know is read as having no fixed date, which can make
    /// nothing late.
    public init(stored written: String?, kind: String?, earliestStart: String?, due: String?, checkpoints: String?) {
        self.init(written: written ?? "", kind: kind.flatMap(Kind.init(rawValue:)) ?? .noFixedDate,
                  earliestStart: earliestStart.flatMap { CalendarDate(iso: $0) }, due: due.flatMap { CalendarDate(iso: $0) },
                  checkpoints: (checkpoints ?? "").split(separator: ",").compactMap { CalendarDate(iso: $0) })
    }
}

extension MilestoneFacts {
    /// The facts from a stored deadline and the stored forecast and completion dates (ISO text).
    public init(deadline: Deadline, storedForecast forecast: String?, storedCompletion completed: String?) {
        self.init(deadline: deadline, forecast: forecast.flatMap { CalendarDate(iso: $0) }, completedOn: completed.flatMap { CalendarDate(iso: $0) })
    }
}

extension StatusRules {
    /// The status against a revised deadline agreed by the Board: a second, labelled figure
    /// beside the status against the original deadline, which it never replaces. Nil with no
    /// revised deadline, or one that cannot be read.
    public static func assess(_ facts: MilestoneFacts, againstRevised revisedText: String?, asOf: CalendarDate) -> StatusAssessment? {
        guard let revisedText, let revised = try? DeadlineParser.parse(revisedText) else { return nil }
        return assess(MilestoneFacts(deadline: revised, forecast: facts.forecast, completedOn: facts.completedOn), asOf: asOf)
    }
}
