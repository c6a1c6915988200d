import Fluent
import SQLKit

/// The Secretary of State's Directions, the submissions they require, and the correspondence
/// about them, with attachments kept in the database so nothing depends on a file server.
struct CreateDirections: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("directions")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .references("plans", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("given_on", .string, .required)
            .field("expires_on", .string)
            .field("requirements", .string, .required)
            .create()
        try await database.schema("submissions")
            .field("id", .int, .identifier(auto: true))
            .field("direction_id", .int, .required, .references("directions", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("due_on", .string, .required)
            .field("submitted_on", .string)
            .field("period_id", .int, .references("reporting_periods", "id", onDelete: .setNull))
            .field("notes", .string, .required)
            .create()
        try await database.schema("correspondence")
            .field("id", .int, .identifier(auto: true))
            .field("direction_id", .int, .required, .references("directions", "id", onDelete: .cascade))
            .field("dated", .string, .required)
            .field("way", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("attachment_name", .string)
            .field("attachment_type", .string)
            .field("attachment", .data)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("correspondence").delete()
        try await database.schema("submissions").delete()
        try await database.schema("directions").delete()
    }
}
