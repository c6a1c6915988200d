import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// The schemes a plan may choose: the built-in ones and those an administrator defined. A
/// defined scheme can be changed until a plan reports in it; after that its words are the
/// plan's record, and a new scheme is defined instead.
struct StatusSchemeService {
    let db: any Database
    let user: User

    struct Stored: Sendable {
        var id: Int
        var version: Int
        var scheme: StatusScheme
        var plans: Int
    }

    static func defined(on db: any Database) async throws -> [Stored] {
        struct Row: Decodable { var id: Int; var code: String; var definition: String; var version: Int; var plans: Int }
        let rows = try await db.sql.raw("""
            SELECT s.id, s.code, s.definition, s.version, (SELECT COUNT(*) FROM plans p WHERE p.status_scheme = s.code) AS plans
            FROM status_schemes s ORDER BY s.id
            """).all(decoding: Row.self)
        return rows.compactMap { row in
            (try? JSONDecoder().decode(StatusScheme.self, from: Data(row.definition.utf8))).map { Stored(id: row.id, version: row.version, scheme: $0, plans: row.plans) }
        }
    }

    /// Every scheme a plan may choose, built-in first.
    static func all(on db: any Database) async throws -> [StatusScheme] {
        StatusScheme.builtIn + (try await defined(on: db)).map(\.scheme)
    }

    static func find(_ code: String, on db: any Database) async throws -> StatusScheme? {
        let key = code.trimmingCharacters(in: .whitespaces).lowercased()
        return try await all(on: db).first { $0.code == key }
    }

    func save(_ draft: SchemeDraft, id: Int?, version: Int) async throws -> WriteResult<Int> {
        guard user.access.may(.editSettings) else { throw WriteRefusal.forbidden("Only administrators can define status schemes.") }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            let defined = try await Self.defined(on: tx)
            let existing = defined.first { $0.id == id }
            if id != nil && existing == nil { throw WriteRefusal.notFound("status scheme") }
            let code = existing?.scheme.code ?? "custom_" + SchemeDraft.slug(draft.name)
            let (built, problems) = draft.build(code: code)
            guard let scheme = built else { return .invalid(problems.map { FieldError(field: $0.field, message: $0.message) }) }
            let definition = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self)
            if let existing {
                guard existing.plans == 0 else {
                    return .invalid("name", "\(existing.plans == 1 ? "A plan reports" : "\(existing.plans) plans report") in this scheme, so its statuses stay as they are. Define a new scheme instead.")
                }
                struct Claimed: Decodable { var version: Int }
                let claimed = try await sql.raw("""
                    UPDATE status_schemes SET definition = \(bind: definition), version = version + 1, updated_at = \(bind: Date())
                    WHERE id = \(bind: existing.id) AND version = \(bind: version) RETURNING version
                    """).all(decoding: Claimed.self)
                guard let saved = claimed.first else {
                    return try await .staleVersion(entity: "status_scheme", id: existing.id, version: existing.version, on: tx)
                }
                try await AuditLog.record(.init(
                    actor: actor, action: "status_scheme.changed", entity: "status_scheme", entityID: existing.id, planID: nil,
                    summary: "Changed the status scheme \"\(scheme.name)\": \(scheme.statuses.map(\.short).joined(separator: ", "))",
                    before: AuditLog.json(["definition": String(decoding: try JSONEncoder().encode(existing.scheme), as: UTF8.self)]),
                    after: AuditLog.json(["definition": definition])), on: tx)
                return .saved(saved.version)
            }
            if StatusScheme.named(code) != nil || defined.contains(where: { $0.scheme.code == code }) {
                return .invalid("name", "A scheme with this name already exists; choose another name")
            }
            struct Inserted: Decodable { var id: Int }
            let inserted = try await sql.raw("""
                INSERT INTO status_schemes (code, definition, version, created_at, updated_at)
                VALUES (\(bind: code), \(bind: definition), 1, \(bind: Date()), \(bind: Date())) RETURNING id
                """).first(decoding: Inserted.self)
            guard let newID = inserted?.id else { throw UnexpectedDatabaseAnswer("the database did not return the new scheme's id") }
            try await AuditLog.record(.init(
                actor: actor, action: "status_scheme.defined", entity: "status_scheme", entityID: newID, planID: nil,
                summary: "Defined the status scheme \"\(scheme.name)\": \(scheme.statuses.map(\.short).joined(separator: ", "))",
                after: AuditLog.json(["definition": definition])), on: tx)
            return .saved(newID)
        }
    }
}
