import Fluent

/// The peer team's findings and recommendations, and the milestones of the action plan that
/// answer each recommendation.
struct CreateReviewFindings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_findings")
            .field("id", .int, .identifier(auto: true))
            .field("review_id", .int, .required, .references("reviews", "id", onDelete: .cascade))
            .field("theme_id", .int, .references("review_themes", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("number", .int, .required)
            .field("text", .string, .required)
            .field("stage", .string, .required)
            .field("version", .int, .required)
            .unique(on: "review_id", "kind", "number")
            .create()
        try await database.schema("recommendation_milestones")
            .field("id", .int, .identifier(auto: true))
            .field("finding_id", .int, .required, .references("review_findings", "id", onDelete: .cascade))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .unique(on: "finding_id", "milestone_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("recommendation_milestones").delete()
        try await database.schema("review_findings").delete()
    }
}
