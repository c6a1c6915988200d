import Fluent
import SQLKit

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("id", .int, .identifier(auto: true))
            .field("occurred_at", .datetime)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .int)
            .field("plan_id", .int)
            .field("summary", .string, .required)
            .field("before_values", .string)
            .field("after_values", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_events_entity").on("audit_events").column("entity").column("entity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
