import Fluent
import SQLKit

struct CreateMilestones: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("milestones")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("activity_id", .int, .required, .references("activities", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("deadline_text", .string, .required)
            .field("deadline_kind", .string, .required)
            .field("earliest_start", .string)
            .field("due_date", .string)
            .field("checkpoints", .string)
            .field("forecast_date", .string)
            .field("completed_date", .string)
            .field("lifecycle", .string, .required)
            .field("withdrawn_reason", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "milestones_plan_id").on("milestones").column("plan_id").run()
        try await sql.create(index: "milestones_activity_position").on("milestones").column("activity_id").column("position").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("milestones").delete()
    }
}
