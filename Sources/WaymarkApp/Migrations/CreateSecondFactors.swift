import Fluent

/// Two-step sign-in: each account's authenticator secret (and one being set up), the last code
/// step used (so a code works once), and its one-time recovery codes, kept only as hashes.
struct CreateSecondFactors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("second_factors")
            .field("user_id", .int, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("secret", .string)
            .field("pending_secret", .string)
            .field("pending_since", .double)
            .field("confirmed_at", .double)
            .field("last_step", .int64, .required)
            .create()
        try await database.schema("recovery_codes")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .double)
            .unique(on: "user_id", "code_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("recovery_codes").delete()
        try await database.schema("second_factors").delete()
    }
}
