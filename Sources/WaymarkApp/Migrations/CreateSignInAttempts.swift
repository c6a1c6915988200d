import Fluent

/// One row per address being guessed at: a counter that a single statement moves on, so attempts
/// sent at the same moment are each counted before any password is checked. It replaces the
/// table of individual failures, which concurrent attempts could read before each other's rows.
struct CreateSignInAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_attempts")
            .field("email", .string, .identifier(auto: false))
            .field("window_started", .double, .required)
            .field("attempts", .int, .required)
            .create()
        try await database.schema("sign_in_failures").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_failures")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("occurred_at", .double, .required)
            .create()
        try await database.schema("sign_in_attempts").delete()
    }
}
