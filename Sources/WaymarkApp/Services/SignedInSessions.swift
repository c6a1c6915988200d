import Fluent
import Foundation
import SQLKit
import Vapor

/// The places an account is signed in (OWASP ASVS V7.5): listed for the person and for
/// administrators, and each can be ended. Sessions are named by their record's id, never by the
/// secret key in the cookie.
struct SignedInSessions {
    let db: any Database

    struct Listed: Sendable {
        var id: UUID
        var startedAt: Date?
        var seenAt: Date?
        var agent: String
        var address: String
        var isCurrent: Bool
    }

    func list(of userID: Int, currentKey: String?) async throws -> [Listed] {
        let sql = db.sql
        struct Row: Decodable { var id: UUID; var key: String; var data: String }
        let text = sql.dialect.name == "postgresql" ? "CAST(data AS TEXT)" : "data"
        let rows = try await sql.raw("""
            SELECT id, key, \(unsafeRaw: text) AS data FROM _fluent_sessions WHERE \(unsafeRaw: Self.owner(sql)) = \(bind: userID)
            """).all(decoding: Row.self)
        return rows.map { row in
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(row.data.utf8))) ?? [:]
            return Listed(id: row.id, startedAt: data["started_at"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)),
                          seenAt: data["seen_at"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)),
                          agent: data["agent"] ?? "Unknown browser", address: data["address"] ?? "unknown",
                          isCurrent: row.key == currentKey)
        }.sorted { ($0.seenAt ?? .distantPast) > ($1.seenAt ?? .distantPast) }
    }

    /// Ends one session of `userID`; false if it had already ended.
    func end(_ sessionID: UUID, of userID: Int, by actor: String) async throws -> Bool {
        try await db.writeTransaction { tx in
            let sql = tx.sql
            struct Row: Decodable { var id: UUID }
            let ended = try await sql.raw("""
                DELETE FROM _fluent_sessions WHERE id = \(bind: sessionID) AND \(unsafeRaw: Self.owner(sql)) = \(bind: userID) RETURNING id
                """).all(decoding: Row.self)
            guard !ended.isEmpty else { return false }
            try await AuditLog.record(.init(actor: actor, action: "user.session_ended", entity: "user", entityID: userID, planID: nil,
                                            summary: "Ended a signed-in session"), on: tx)
            return true
        }
    }

    /// The SQL for the account a stored session belongs to (`table.` prefixes the column when given).
    static func owner(_ sql: any SQLDatabase, table: String = "") -> String {
        let data = table.isEmpty ? "data" : table + ".data"
        return sql.dialect.name == "postgresql" ? "CAST(\(data)->>'user_id' AS BIGINT)" : "CAST(json_extract(\(data), '$.user_id') AS INTEGER)"
    }
}
