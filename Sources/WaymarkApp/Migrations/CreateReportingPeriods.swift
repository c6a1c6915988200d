import Fluent
import SQLKit

/// Reporting periods and the frozen snapshots taken when one closes, plus the agreed revised
/// deadline kept beside (never over) a milestone's original one.
struct CreateReportingPeriods: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plans").field("reporting_cadence", .string, .required, .sql(.default("quarterly"))).update()
        // SQLite adds one column per statement.
        try await database.schema("milestones").field("revised_deadline_text", .string).update()
        try await database.schema("milestones").field("revised_due_date", .string).update()
        try await database.schema("milestones").field("revision_count", .int, .required, .sql(.default(0))).update()

        try await database.schema("reporting_periods")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("label", .string, .required)
            .field("cadence", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("state", .string, .required)
            .field("closings", .int, .required)
            .field("snapshot_as_of", .string)
            .field("closed_at", .datetime)
            .field("closed_by", .string)
            .field("created_at", .datetime)
            .unique(on: "plan_id", "label")
            .create()
        try await database.schema("period_snapshots")
            .field("id", .int, .identifier(auto: true))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .restrict))
            .field("closing", .int, .required)
            .field("milestone_id", .int, .required)
            .field("area_id", .int, .required)
            .field("area_name", .string, .required)
            .field("area_position", .int, .required)
            .field("activity_number", .int, .required)
            .field("activity_title", .string, .required)
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("leads", .string, .required)
            .field("deadline_text", .string, .required)
            .field("due_date", .string)
            .field("revised_deadline_text", .string)
            .field("revised_due_date", .string)
            .field("revision_count", .int, .required)
            .field("lifecycle", .string, .required)
            .field("status", .string)
            .field("status_against_revised", .string)
            .field("status_reason", .string, .required)
            .field("forecast_date", .string)
            .field("completed_date", .string)
            .field("commentary", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "period_snapshots_period").on("period_snapshots").column("period_id").column("closing").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("period_snapshots").delete()
        try await database.schema("reporting_periods").delete()
        for field in ["revision_count", "revised_due_date", "revised_deadline_text"] {
            try await database.schema("milestones").deleteField(.string(field)).update()
        }
        try await database.schema("plans").deleteField("reporting_cadence").update()
    }
}
