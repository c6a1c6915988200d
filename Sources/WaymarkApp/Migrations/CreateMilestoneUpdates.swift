import Fluent
import SQLKit

struct CreateMilestoneUpdates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("milestone_updates")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("author_id", .int, .required, .references("users", "id", onDelete: .restrict))
            .field("commentary", .string, .required)
            .field("forecast_date", .string)
            .field("completed_date", .string)
            .field("status_after", .string, .required)
            .field("version_after", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("deadline_revisions")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("proposed_by", .int, .required, .references("users", "id", onDelete: .restrict))
            .field("proposed_text", .string, .required)
            .field("proposed_due", .string)
            .field("reason", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "milestone_updates_milestone").on("milestone_updates").column("milestone_id").run()
        try await sql.create(index: "deadline_revisions_milestone").on("deadline_revisions").column("milestone_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deadline_revisions").delete()
        try await database.schema("milestone_updates").delete()
    }
}
