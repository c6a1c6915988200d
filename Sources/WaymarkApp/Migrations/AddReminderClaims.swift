import Fluent

/// When a server took a reminder to send it. Two servers running `send-reminders` at once each
/// claim a reminder by one conditional update before mailing it, so no lead officer gets it twice.
struct AddReminderClaims: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reminders").field("claimed_at", .double).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reminders").deleteField("claimed_at").update()
    }
}
