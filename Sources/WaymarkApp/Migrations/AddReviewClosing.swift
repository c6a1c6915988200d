import Fluent

/// A review closes once its report is in; retention of its reviewers' accounts counts from then.
struct AddReviewClosing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews").field("closed_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("closed_on").update()
    }
}
