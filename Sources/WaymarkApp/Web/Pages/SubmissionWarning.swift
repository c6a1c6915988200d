import Fluent
import WaymarkCore

/// The warning at the top of the plans and Directions pages: the next submission to the
/// Secretary of State due within 30 days, or overdue. Loaded, then drawn.
struct SubmissionWarning: Sendable, Equatable {
    /// What to say, or nil when nothing is due soon.
    var text: String?

    static func load(on db: any Database, today: CalendarDate) async throws -> Self {
        let items = try await Submission.query(on: db).filter(\.$submittedOn == nil).all().compactMap(DirectionsPagesController.item)
        return SubmissionWarning(text: SubmissionSchedule.warning(items, today: today))
    }

    func render() -> HTML {
        guard let text else { return "" }
        return "<div class=\"notification\" role=\"region\" aria-label=\"Submission due\"><p><strong>Submission to the Secretary of State:</strong> \(text) <a href=\"/directions\">Directions and submissions</a></p></div>"
    }
}
