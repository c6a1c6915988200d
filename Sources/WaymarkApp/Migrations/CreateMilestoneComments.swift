import Fluent
import SQLKit

struct CreateMilestoneComments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("milestone_comments")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("author_id", .int, .required, .references("users", "id", onDelete: .restrict))
            .field("body", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.sql.create(index: "milestone_comments_milestone").on("milestone_comments").column("milestone_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("milestone_comments").delete()
    }
}
