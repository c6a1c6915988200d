import Fluent
import SQLKit

/// Seals the audit trail into a hash chain (`AuditChain`). Records written before this
/// migration are chained, in id order, when it runs; from then on each is chained as it is written.
struct AddAuditChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema("audit_events").field("previous_hash", .string).update()
        try await database.schema("audit_events").field("hash", .string).update()
        try await AuditChain.seal(on: database.sql)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").deleteField("hash").update()
        try await database.schema("audit_events").deleteField("previous_hash").update()
    }
}
