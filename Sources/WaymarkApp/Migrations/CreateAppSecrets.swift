import Fluent

/// Secrets Waymark makes for itself and every server shares, such as the key that signs the
/// sign-in form's token.
struct CreateAppSecrets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("app_secrets")
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("app_secrets").delete()
    }
}
