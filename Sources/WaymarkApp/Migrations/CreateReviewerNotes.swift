import Fluent

/// A reviewer's own notes on the evidence: the one thing a reviewer's account may write.
struct CreateReviewerNotes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviewer_notes")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("document_id", .int, .required, .references("evidence_documents", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("written_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviewer_notes").delete()
    }
}
