import Fluent
import SQLKit

/// One-time passwords that must be changed at first sign-in, and emailed one-time sign-in links.
struct AddAccountLifecycle: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("must_change_password", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema("sign_in_links")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("purpose", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_links").delete()
        try await database.schema("users").deleteField("must_change_password").update()
    }
}
