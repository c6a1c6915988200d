import Fluent

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("disabled", .bool, .required)
            .field("person_id", .int, .references("people", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema("sign_in_failures")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("occurred_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_failures").delete()
        try await database.schema("users").delete()
    }
}
