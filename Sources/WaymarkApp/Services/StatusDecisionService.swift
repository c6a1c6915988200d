import Fluent
import Foundation
import WaymarkCore

/// Statuses set by decision rather than by dates ("Suspended", "Rescheduled with approval",
/// "Pending"): the performance team sets one with its reason, such as the Board's minute, and
/// clears it when the work resumes. Both are audited; the dates' verdict is kept beside it.
struct StatusDecisionService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var milestoneID: Int
        var version: Int
        /// A by-decision code of the plan's scheme, or nil to let the dates decide again.
        var status: String?
        var reason: String
    }

    func decide(_ input: Input, today: CalendarDate) async throws -> WriteResult<Int> {
        guard user.access.may(.manageReporting) else {
            throw WriteRefusal.forbidden("Only the performance team can set a status by decision.")
        }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r\n", with: "\n")
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let milestone = try await Milestone.find(input.milestoneID, on: tx) else { throw WriteRefusal.notFound("milestone") }
            guard milestone.lifecycle == .active else { throw WriteRefusal.withdrawn() }
            guard let plan = try await Plan.find(milestone.$plan.id, on: tx) else { throw WriteRefusal.notFound("plan") }
            if plan.state == .closed { throw WriteRefusal.planClosed(plan.title) }
            let scheme = plan.scheme
            if let problem = Self.problem(status: input.status, reason: reason, scheme: scheme, milestone: milestone) { return .invalid([problem]) }
            // Of several decisions made from the same page, exactly one gets through.
            guard try await RowGuards.claimVersion("milestones", id: input.milestoneID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "milestone", id: input.milestoneID, version: milestone.version, on: tx)
            }
            guard let claimed = try await Milestone.find(input.milestoneID, on: tx) else { throw WriteRefusal.notFound("milestone") }
            let before = ["decided_status": claimed.decidedStatus ?? "", "decided_reason": claimed.decidedReason ?? ""]
            claimed.decidedStatus = input.status
            claimed.decidedReason = input.status == nil ? nil : reason
            claimed.decidedOn = input.status == nil ? nil : today.iso
            claimed.decidedBy = input.status == nil ? nil : actor
            try await claimed.save(on: tx)
            try await MilestoneStatusIndex.refresh(milestoneIDs: [input.milestoneID], scheme: scheme, today: AsOf.today(), on: tx)
            try await PlanDataVersion.bump(plan.requireID(), on: tx, statusesMayChange: false)
            let summary = input.status.flatMap { scheme.status($0) }.map { "Set \"\(claimed.title)\" to \($0.short) by decision: \(reason)" }
                ?? "Cleared the decided status of \"\(claimed.title)\"; its dates decide its status again\(reason.isEmpty ? "" : ": \(reason)")"
            try await AuditLog.record(.init(
                actor: actor, action: input.status == nil ? "milestone.status_decision_cleared" : "milestone.status_decided",
                entity: "milestone", entityID: input.milestoneID, planID: plan.id, summary: summary,
                before: AuditLog.json(before), after: AuditLog.json(["decided_status": claimed.decidedStatus ?? "", "decided_reason": claimed.decidedReason ?? ""])), on: tx)
            return .saved(claimed.version)
        }
    }

    static func problem(status: String?, reason: String, scheme: StatusScheme, milestone: Milestone) -> FieldError? {
        if let status {
            guard let chosen = scheme.status(status), chosen.kind == .byDecision else {
                let names = scheme.decisionStatuses.map(\.short)
                return FieldError(field: "status", message: names.isEmpty
                    ? "This plan's status scheme has no statuses set by decision"
                    : "Choose \(names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!)")
            }
            if milestone.completedDate != nil { return FieldError(field: "status", message: "A completed milestone keeps its status; its completion date says so") }
            if reason.isEmpty { return FieldError(field: "reason", message: "Enter the reason for the decision, such as the Board's minute") }
        } else if milestone.decidedStatus == nil {
            return FieldError(field: "status", message: "The milestone's status is not set by decision, so there is nothing to clear")
        }
        if let problem = TextLimit.text.problem(reason, label: "Reason") { return FieldError(field: "reason", message: problem) }
        return nil
    }
}
