import Fluent
import SQLKit
import WaymarkCore

/// Whether administrators and performance officers, who can change every record, must sign in
/// in two steps. Stored as a setting so an administrator can require it.
enum SecondFactorSettings {
    static let key = "security.second_factor_required"

    /// The roles the requirement covers when it is on.
    static let coveredRoles: Set<Role> = [.admin, .performanceOfficer]

    static func isOn(on db: any Database) async throws -> Bool {
        struct Row: Decodable { var value: String }
        let row = try await db.sql.raw("SELECT value FROM settings WHERE key = \(bind: key)").first(decoding: Row.self)
        return row?.value == "yes"
    }

    static func isRequired(for role: Role, on db: any Database) async throws -> Bool {
        guard coveredRoles.contains(role) else { return false }
        return try await isOn(on: db)
    }

    static func save(required: Bool, by user: User, on db: any Database) async throws -> WriteResult<Void> {
        guard user.access.may(.editSettings) else { throw WriteRefusal.forbidden() }
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            let before = try await isOn(on: tx)
            guard before != required else { return .saved(()) }
            try await sql.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
            try await sql.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: required ? "yes" : "no"))").run()
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "settings.second_factor", entity: "settings", entityID: nil, planID: nil,
                summary: required ? "Required two-step sign-in for administrators and performance officers"
                    : "Stopped requiring two-step sign-in for administrators and performance officers",
                before: AuditLog.json(["required": before ? "yes" : "no"]), after: AuditLog.json(["required": required ? "yes" : "no"])), on: tx)
            return .saved(())
        }
    }
}
