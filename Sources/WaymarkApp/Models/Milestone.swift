import Fluent
import Foundation
import WaymarkCore

final class Milestone: Model, @unchecked Sendable {
    static let schema = "milestones"

    // managed fields
    @ID(custom: "id") var id: Int?
    /// Bumped on every change, so a stale edit is caught instead of overwriting a newer one.
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "deadline_text") var deadlineText: String
    @Field(key: "deadline_kind") var deadlineKind: Deadline.Kind
    // Calendar days are stored as ISO text ("2018-05-31"): the same on SQLite and PostgreSQL,
    // sortable, and free of time zones.
    @OptionalField(key: "earliest_start") var earliestStart: String?
    @OptionalField(key: "due_date") var dueDate: String?
    /// Interim checkpoints, ISO days separated by commas.
    @OptionalField(key: "checkpoints") var checkpoints: String?
    @OptionalField(key: "forecast_date") var forecastDate: String?
    @OptionalField(key: "completed_date") var completedDate: String?
    @Field(key: "lifecycle") var lifecycle: MilestoneLifecycle
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?
    /// The latest revised deadline the Board agreed. Status is still measured against the original.
    @OptionalField(key: "revised_deadline_text") var revisedDeadlineText: String?
    @OptionalField(key: "revised_due_date") var revisedDueDate: String?
    /// How many times the Board has agreed a new deadline for it.
    @Field(key: "revision_count") var revisionCount: Int
    /// A status the performance team set by decision ("Suspended"), a code of the plan's scheme,
    /// with its reason (such as the Board's minute); nil when the dates decide.
    @OptionalField(key: "decided_status") var decidedStatus: String?
    @OptionalField(key: "decided_reason") var decidedReason: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    /// The status an imported file gave (a code of the plan's scheme) and the day it was given for.
    @OptionalField(key: "reported_status") var reportedStatus: String?
    @OptionalField(key: "reported_on") var reportedOn: String?
    /// The plan file's own reference for this row ("1.2.3"), when it gave one.
    @OptionalField(key: "reference") var reference: String?
    /// The milestone of an earlier plan this one continues; its history from before is there.
    @OptionalField(key: "carried_from") var carriedFrom: Int?

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "activity_id") var activity: Activity
    @Siblings(through: MilestoneLead.self, from: \.$milestone, to: \.$person) var leads: [Person]

    init() {}
}

