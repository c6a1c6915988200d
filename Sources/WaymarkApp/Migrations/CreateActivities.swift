import Fluent

struct CreateActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("activities")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("area_id", .int, .required, .references("areas", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("activities").delete()
    }
}
