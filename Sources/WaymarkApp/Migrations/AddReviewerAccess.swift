import Fluent

/// A reviewer's account belongs to one review and works only within its dates.
struct AddReviewerAccess: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one column per ALTER TABLE.
        try await database.schema("users").field("review_id", .int, .references("reviews", "id", onDelete: .setNull)).update()
        try await database.schema("users").field("valid_from", .string).update()
        try await database.schema("users").field("valid_until", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field: FieldKey in ["valid_until", "valid_from", "review_id"] { try await database.schema("users").deleteField(field).update() }
    }
}
