import Fluent

struct CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("job_title", .string)
            .field("email", .string)
            .unique(on: "name_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").delete()
    }
}
