import Fluent

/// Publications of closed periods to the public pages, each with its content frozen as JSON, and
/// the commentary approved for the public, milestone by milestone.
struct CreatePublications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("publications")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .restrict))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .restrict))
            .field("closing", .int, .required)
            .field("published_at", .datetime, .required)
            .field("published_by", .string, .required)
            .field("content", .string, .required)
            .field("etag", .string, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .string)
            .field("withdrawn_reason", .string)
            .unique(on: "period_id", "closing")
            .create()
        try await database.schema("public_commentaries")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("approved_by", .string, .required)
            .field("approved_at", .datetime, .required)
            .unique(on: "milestone_id", "period_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("public_commentaries").delete()
        try await database.schema("publications").delete()
    }
}
