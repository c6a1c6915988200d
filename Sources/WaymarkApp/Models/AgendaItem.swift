import Fluent
import Foundation

/// An item on a meeting's agenda: a report the board is asked to note, comment on or agree,
/// and what it decided.
final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "agenda_items"

    enum Ask: String, Codable, CaseIterable, Sendable {
        case note, comment, agree
        var label: String { "To \(rawValue)" }
    }

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "ask") var ask: Ask
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "minute_reference") var minuteReference: String?

    // relationships
    @Parent(key: "meeting_id") var meeting: Meeting
    @OptionalParent(key: "plan_id") var plan: Plan?
    /// The period whose report the item presents.
    @OptionalParent(key: "period_id") var period: PlanReportingPeriod?

    init() {}
}
