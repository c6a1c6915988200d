import Fluent
import SQLKit

/// Past views undo a plan's audited changes made after a moment, newest first; this index finds
/// them without reading the whole trail.
struct AddAuditPlanTimeIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.create(index: "audit_events_plan_time").on("audit_events").column("plan_id").column("occurred_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "audit_events_plan_time").run()
    }
}
