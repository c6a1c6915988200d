import Fluent
import Foundation

/// A submission the Directions require, due on a day; once made, linked to the period whose
/// frozen snapshot and report pack were sent.
final class Submission: Model, @unchecked Sendable {
    static let schema = "submissions"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "title") var title: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "submitted_on") var submittedOn: String?
    @Field(key: "notes") var notes: String

    // relationships
    @Parent(key: "direction_id") var direction: Direction
    @OptionalParent(key: "period_id") var period: PlanReportingPeriod?

    init() {}
}
