import Fluent
import Foundation

/// One change, as it happened: who, when, what, and the values before and after.
/// Rows are only ever inserted; nothing in Waymark updates or deletes them.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "occurred_at", on: .create) var occurredAt: Date?

    // data fields
    @Field(key: "actor") var actor: String
    /// Such as "plan.imported" or "milestone.updated".
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_id") var entityID: Int?
    @OptionalField(key: "plan_id") var planID: Int?
    @Field(key: "summary") var summary: String
    /// JSON of the changed fields before and after.
    @OptionalField(key: "before_values") var beforeValues: String?
    @OptionalField(key: "after_values") var afterValues: String?

    init() {}

    init(actor: String, action: String, entity: String, entityID: Int?, planID: Int?, summary: String,
         before: String? = nil, after: String? = nil) {
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.planID = planID
        self.summary = summary
        self.beforeValues = before
        self.afterValues = after
    }
}
