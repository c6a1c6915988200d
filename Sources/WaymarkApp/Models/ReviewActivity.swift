import Fluent
import Foundation
import WaymarkCore

/// A key activity of a review's timeline, dated the way the Board paper writes it ("Mid July
/// 2018") and judged like a milestone.
final class ReviewActivity: Model, @unchecked Sendable {
    static let schema = "review_activities"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "kind") var kind: ReviewActivityKind
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "deadline_text") var deadlineText: String
    /// Written as the paper writes them: "Will Tuckley/Sharon Godman", "CLT", "LGA".
    @Field(key: "leads") var leads: String
    @OptionalField(key: "completed_on") var completedOn: String?

    // relationships
    @Parent(key: "review_id") var review: Review

    init() { version = 1 }

    /// The activity for the timeline rules; nil only if the stored deadline no longer parses.
    var timelineActivity: ReviewTimeline.Activity? {
        guard let id, let deadline = try? Deadline(parsing: deadlineText) else { return nil }
        return .init(id: id, kind: kind, title: title, deadline: deadline, completedOn: completedOn.flatMap { CalendarDate(iso: $0) })
    }
}
