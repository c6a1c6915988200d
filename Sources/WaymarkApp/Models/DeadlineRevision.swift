import Fluent
import Foundation

/// A proposed new deadline for a milestone. It waits for the Board to agree or reject it, and
/// never changes the original deadline, which status is always measured against.
final class DeadlineRevision: Model, @unchecked Sendable {
    static let schema = "deadline_revisions"

    enum State: String, Codable, Sendable { case pending, agreed, rejected }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "proposed_text") var proposedText: String
    @OptionalField(key: "proposed_due") var proposedDue: String?
    @Field(key: "reason") var reason: String
    @Field(key: "state") var state: State
    /// The day of the meeting that decided it, and the minute that records the decision.
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "minute_reference") var minuteReference: String?
    @OptionalField(key: "decided_by") var decidedBy: String?

    // relationships
    @Parent(key: "milestone_id") var milestone: Milestone
    @Parent(key: "proposed_by") var proposedBy: User
    @OptionalParent(key: "meeting_id") var meeting: Meeting?

    init() {}
}
