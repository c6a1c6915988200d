import Fluent
import Foundation
import SQLKit

/// The append-only, hash-chained trail of every change. Callers pass the database handle of their own
/// transaction, so the audit row commits or rolls back with the change it describes.
enum AuditLog {
    struct Entry: Sendable {
        var actor: String
        var action: String
        var entity: String
        var entityID: Int?
        var planID: Int?
        var summary: String
        var before: String? = nil
        var after: String? = nil
    }

    static func record(_ entry: Entry, on db: any Database) async throws {
        try await record(entry, on: db.sql)
    }

    /// Each record is chained to the one before it (`AuditChain`), so its id is chosen here,
    /// under the chain's lock, rather than by the database.
    static func record(_ entry: Entry, on sql: any SQLDatabase) async throws {
        let (id, previous) = try await AuditChain.next(on: sql)
        let occurred = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(Date())) / 1000)
        let record = AuditChain.Record(id: id, occurred_at: occurred, actor: entry.actor, action: entry.action, entity: entry.entity,
                                       entity_id: entry.entityID, plan_id: entry.planID, summary: entry.summary,
                                       before_values: entry.before, after_values: entry.after, previous_hash: previous)
        try await sql.insert(into: "audit_events")
            .columns("id", "occurred_at", "actor", "action", "entity", "entity_id", "plan_id", "summary", "before_values", "after_values",
                     "previous_hash", "hash")
            .values(SQLBind(id), SQLBind(occurred), SQLBind(entry.actor), SQLBind(entry.action), SQLBind(entry.entity), SQLBind(entry.entityID),
                    SQLBind(entry.planID), SQLBind(entry.summary), SQLBind(entry.before), SQLBind(entry.after),
                    SQLBind(previous), SQLBind(AuditChain.hash(record, previous: previous)))
            .run()
    }

    /// How a person appears in the audit trail: "Jo Bloggs (jo@council.gov.uk)".
    static func actor(_ user: User) -> String {
        "\(user.displayName) (\(user.email))"
    }

    static func json(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(values), as: UTF8.self)) ?? "{}"
    }
}
