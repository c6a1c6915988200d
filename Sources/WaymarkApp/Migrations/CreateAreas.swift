import Fluent

struct CreateAreas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("areas")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .unique(on: "plan_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("areas").delete()
    }
}
