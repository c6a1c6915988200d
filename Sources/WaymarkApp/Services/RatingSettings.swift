import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// The RAG thresholds, stored as settings so an administrator can change them.
enum RatingSettings {
    static let greenKey = "rating.green_minimum_percent_completed_or_on_target"
    static let redKey = "rating.red_above_percent_overdue"

    static func rules(on db: any Database) async throws -> DeliveryRatingRules {
        struct Row: Decodable { var key: String; var value: String }
        let rows = try await db.sql.raw("SELECT key, value FROM settings WHERE key IN (\(bind: greenKey), \(bind: redKey))").all(decoding: Row.self)
        var rules = DeliveryRatingRules.standard
        for row in rows {
            if row.key == greenKey, let value = Int(row.value) { rules.greenMinimumPercentCompletedOrOnTarget = value }
            if row.key == redKey, let value = Int(row.value) { rules.redAbovePercentOverdue = value }
        }
        return rules
    }

    static func save(_ rules: DeliveryRatingRules, by user: User, on db: any Database) async throws -> WriteResult<Void> {
        guard user.access.may(.editSettings) else { throw WriteRefusal.forbidden() }
        let problems = rules.problems.map { FieldError(field: $0.field, message: $0.message) }
        guard problems.isEmpty else { return .invalid(problems) }
        try await db.writeTransaction { tx in
            let before = try await Self.rules(on: tx)
            let sql = tx.sql
            for (key, value) in [(greenKey, rules.greenMinimumPercentCompletedOrOnTarget), (redKey, rules.redAbovePercentOverdue)] {
                try await sql.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
                try await sql.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: String(value)))").run()
            }
            // Every plan's ratings may change, so every plan's cached figures go.
            try await PlanDataVersion.bumpAll(on: tx)
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "settings.rating_rules", entity: "settings", entityID: nil, planID: nil,
                summary: "Changed the RAG rules: GREEN needs \(rules.greenMinimumPercentCompletedOrOnTarget)% completed or on target, RED above \(rules.redAbovePercentOverdue)% overdue",
                before: AuditLog.json(["green_minimum": String(before.greenMinimumPercentCompletedOrOnTarget), "red_above": String(before.redAbovePercentOverdue)]),
                after: AuditLog.json(["green_minimum": String(rules.greenMinimumPercentCompletedOrOnTarget), "red_above": String(rules.redAbovePercentOverdue)])), on: tx)
        }
        return .saved
    }
}
