import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// A plan's own settings: its status scheme and its RAG thresholds. Changing the scheme re-words
/// every current figure of the plan; closed periods keep the scheme they closed under.
struct PlanSettingsService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var scheme: String
        /// Blank keeps the default setting.
        var greenMinimum: String
        var redAbove: String
        var version: Int
    }

    static func mayChange(_ user: User) -> Bool { user.access.may(.editSettings) || user.access.may(.manageReporting) }

    func save(planID: Int, _ input: Input) async throws -> WriteResult<Int> {
        guard Self.mayChange(user) else { throw WriteRefusal.forbidden("Only administrators and the performance team can change a plan's settings.") }
        var errors: [FieldError] = []
        let scheme = try await StatusSchemeService.find(input.scheme, on: db)
        if scheme == nil {
            errors.append(.init(field: "scheme", message: "Choose a status scheme: \(try await StatusSchemeService.all(on: db).map(\.code).joined(separator: ", "))"))
        }
        let green = Self.threshold(input.greenMinimum, field: "green_minimum", label: "The GREEN threshold", errors: &errors)
        let red = Self.threshold(input.redAbove, field: "red_above", label: "The RED threshold", errors: &errors)
        guard errors.isEmpty, let scheme else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            struct Claimed: Decodable { var settings_version: Int }
            let claimed = try await sql.raw("""
                UPDATE plans SET settings_version = settings_version + 1 WHERE id = \(bind: planID) AND settings_version = \(bind: input.version)
                RETURNING settings_version
                """).all(decoding: Claimed.self)
            guard let plan = try await Plan.find(planID, on: tx) else { throw WriteRefusal.notFound("plan") }
            guard claimed.count == 1 else {
                let last = try await AuditEvent.query(on: tx).filter(\.$entity == "plan").filter(\.$entityID == planID)
                    .filter(\.$action == "plan.settings_changed").sort(\.$id, .descending).first()
                return .conflict(changedBy: last?.actor ?? "someone else", at: last?.occurredAt, version: plan.settingsVersion)
            }
            let before = ["scheme": plan.statusScheme, "green_minimum": plan.ragGreenMinimum.map(String.init) ?? "", "red_above": plan.ragRedAbove.map(String.init) ?? ""]
            // A decision in a status the new scheme lacks cannot stand; the trail keeps what it was.
            let dropped = try await Milestone.query(on: tx).filter(\.$plan.$id == planID).filter(\.$decidedStatus != nil).all()
                .filter { decided in scheme.status(decided.decidedStatus ?? "")?.kind != .byDecision }
            for milestone in dropped {
                let was = ["decided_status": milestone.decidedStatus ?? "", "decided_reason": milestone.decidedReason ?? ""]
                (milestone.decidedStatus, milestone.decidedReason, milestone.decidedOn, milestone.decidedBy) = (nil, nil, nil, nil)
                try await milestone.save(on: tx)
                try await AuditLog.record(.init(
                    actor: actor, action: "milestone.status_decision_cleared", entity: "milestone", entityID: milestone.id, planID: planID,
                    summary: "Cleared the decided status of \"\(milestone.title)\": the plan's new scheme, \(scheme.name), has no \"\(was["decided_status"] ?? "")\"",
                    before: AuditLog.json(was), after: AuditLog.json(["decided_status": "", "decided_reason": ""])), on: tx)
            }
            plan.statusScheme = scheme.code
            plan.statusSchemeDefinition = StatusScheme.named(scheme.code) == nil ? String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self) : nil
            (plan.ragGreenMinimum, plan.ragRedAbove) = (green, red)
            try await plan.save(on: tx)
            try await PlanDataVersion.bump(planID, on: tx)
            let after = ["scheme": scheme.code, "green_minimum": green.map(String.init) ?? "", "red_above": red.map(String.init) ?? ""]
            try await AuditLog.record(.init(
                actor: actor, action: "plan.settings_changed", entity: "plan", entityID: planID, planID: planID,
                summary: "Changed the settings of \"\(plan.title)\": statuses in \(scheme.name)"
                    + (green.map { ", GREEN from \($0)%" } ?? "") + (red.map { ", RED above \($0)%" } ?? ""),
                before: AuditLog.json(before), after: AuditLog.json(after)), on: tx)
            return .saved(plan.settingsVersion)
        }
    }

    private static func threshold(_ text: String, field: String, label: String, errors: inout [FieldError]) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let value = Int(text), (0...100).contains(value) else {
            errors.append(.init(field: field, message: "\(label) must be a whole number from 0 to 100, or blank to keep the default"))
            return nil
        }
        return value
    }
}
