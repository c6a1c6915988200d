import Fluent

/// One reminder per lead officer per period and occasion (opening, or a week before closing).
struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reminders")
            .field("id", .int, .identifier(auto: true))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("occasion", .string, .required)
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("address", .string)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("state", .string, .required)
            .field("detail", .string)
            .field("created_at", .datetime)
            .field("sent_at", .datetime)
            .unique(on: "period_id", "occasion", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reminders").delete()
    }
}
