import Fluent
import Foundation
import SQLKit

/// The append-only trail of every change. Callers pass the database handle of their own
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
        try await record(entry, on: db as! any SQLDatabase)
    }

    static func record(_ entry: Entry, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "audit_events")
            .columns("occurred_at", "actor", "action", "entity", "entity_id", "plan_id", "summary", "before_values", "after_values")
            .values(SQLBind(Date()), SQLBind(entry.actor), SQLBind(entry.action), SQLBind(entry.entity), SQLBind(entry.entityID),
                    SQLBind(entry.planID), SQLBind(entry.summary), SQLBind(entry.before), SQLBind(entry.after))
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
