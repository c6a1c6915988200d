import Fluent

struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plans")
            .field("id", .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("period_label", .string)
            .field("period_start", .string)
            .field("period_end", .string)
            .field("state", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "title")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plans").delete()
    }
}
