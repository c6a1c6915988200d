import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Starts a new plan from one that is ending. The chosen open milestones are copied into the new
/// plan, each naming its origin (whose page keeps its history), and the old plan is closed with
/// its final figures frozen, all in one transaction. A plan has one successor: of several
/// requests from the same form, the database lets exactly one through.
struct SuccessorPlanService {
    let db: any Database
    let user: User

    static func may(_ user: User) -> Bool { user.access.may(.manageReporting) }

    /// The milestones that may be carried forward, and are by default: active and not completed.
    static func carriable(planID: Int, on db: any Database) async throws -> [Milestone] {
        try await Milestone.query(on: db).filter(\.$plan.$id == planID).filter(\.$lifecycle == .active).filter(\.$completedDate == nil)
            .sort(\.$position).sort(\.$id).all()
    }

    /// The checks that need no database: the title and period label as typed.
    static func problems(title: String, periodLabel: String?) -> [FieldError] {
        var errors: [FieldError] = []
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the new plan's title")) }
        if let problem = TextLimit.title.problem(title, label: "The new plan's title") { errors.append(.init(field: "title", message: problem)) }
        if let periodLabel, let problem = TextLimit.short.problem(periodLabel, label: "Period") { errors.append(.init(field: "period_label", message: problem)) }
        return errors
    }

    func start(fromPlanID oldID: Int, title rawTitle: String, periodLabel rawPeriod: String? = nil, carry: Set<Int>,
               closingOn: CalendarDate, version: Int) async throws -> WriteResult<Int> {
        guard Self.may(user) else { throw WriteRefusal.forbidden("Only the performance team can start a successor plan.") }
        let title = rawTitle.trimmingCharacters(in: .whitespaces)
        let period = rawPeriod.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let errors = Self.problems(title: title, periodLabel: period)
        guard errors.isEmpty else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let old = try await Plan.find(oldID, on: tx) else { throw WriteRefusal.notFound("plan") }
            // Every check that can refuse comes before the claim: an invalid form must leave the
            // version where it was, or the corrected form would be told someone else got there first.
            if let closed = try await Self.alreadyClosed(old, on: tx) { return .invalid([closed]) }
            if try await Plan.query(on: tx).filter(\.$title == title).count() > 0 {
                return .invalid("title", "There is already a plan called \(title). Give the new plan a title of its own, such as one with its years")
            }
            let carried = carry.isEmpty ? [] : try await Milestone.query(on: tx).filter(\.$id ~~ Array(carry)).all()
            if let problem = Self.carryProblem(carry, found: carried, planID: oldID, planTitle: old.title) { return .invalid([problem]) }

            guard try await Self.claim(oldID, version: version, on: tx) else {
                return try await .staleVersion(entity: "plan", id: oldID, version: old.settingsVersion, on: tx)
            }
            // The claim holds the row now; read it again in case it closed while this request was checking.
            guard let claimed = try await Plan.find(oldID, on: tx), claimed.state != .closed else {
                throw WriteRefusal(kind: .duplicate, message: "\(old.title) has just been closed and given a successor by someone else.")
            }
            let new = try await Self.createPlan(from: claimed, title: title, period: period, on: tx)
            let newID = try new.requireID()
            let origins = try await Self.copy(carried, into: newID, on: tx)
            let figures = try await Self.freeze(claimed, closingOn: closingOn, carried: carried, successor: new, on: tx)
            claimed.state = .closed
            claimed.closedOn = closingOn.iso
            claimed.finalFigures = figures.json
            try await claimed.save(on: tx)
            try await PlanDataVersion.bump(oldID, on: tx)
            try await PlanDataVersion.bump(newID, on: tx)

            try await AuditLog.record(.init(
                actor: actor, action: "plan.closed", entity: "plan", entityID: oldID, planID: oldID,
                summary: "Closed \"\(claimed.title)\" on \(closingOn.display): \(figures.sentence)",
                before: AuditLog.json(["state": old.state.rawValue, "closed_on": ""]),
                after: AuditLog.json(["state": Plan.State.closed.rawValue, "closed_on": closingOn.iso, "successor_id": String(newID), "final_figures": figures.json])), on: tx)
            try await AuditLog.record(.init(
                actor: actor, action: "plan.successor_started", entity: "plan", entityID: newID, planID: newID,
                summary: "Started \"\(title)\" to continue \"\(claimed.title)\", carrying forward \(carried.count) milestone\(carried.count == 1 ? "" : "s")",
                before: nil,
                after: AuditLog.json(["title": title, "period_label": period ?? "", "successor_of": String(oldID),
                                      "carried_from": origins.map(String.init).joined(separator: ",")])), on: tx)
            return .saved(newID)
        }
    }

    /// Moves the old plan's settings version on if it is still the one the form was opened at.
    private static func claim(_ planID: Int, version: Int, on tx: any Database) async throws -> Bool {
        struct Claimed: Decodable { var settings_version: Int }
        return try await tx.sql.raw("""
            UPDATE plans SET settings_version = settings_version + 1 WHERE id = \(bind: planID) AND settings_version = \(bind: version)
            RETURNING settings_version
            """).all(decoding: Claimed.self).count == 1
    }

    /// The refusal for a plan that is already closed, naming its successor when it has one.
    static func alreadyClosed(_ plan: Plan, on db: any Database) async throws -> FieldError? {
        guard plan.state == .closed else { return nil }
        let successor = try await Plan.query(on: db).filter(\.$successorOf == plan.requireID()).first()
        return FieldError(field: "successor", message: successor.map { "\(plan.title) already has a successor, \($0.title), and is closed" }
            ?? "\(plan.title) is closed, so it cannot be given a successor")
    }

    /// Nil when every chosen milestone is an open milestone of the plan; otherwise what is wrong
    /// with the first few that are not, so the person can see which to untick.
    static func carryProblem(_ carry: Set<Int>, found: [Milestone], planID: Int, planTitle: String) -> FieldError? {
        var problems: [String] = []
        let byID = Dictionary(found.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        for id in carry.sorted() {
            guard let milestone = byID[id], milestone.$plan.id == planID else {
                problems.append("milestone \(id) is not in \(planTitle)")
                continue
            }
            if milestone.lifecycle != .active {
                problems.append("\"\(milestone.title)\" is withdrawn")
            } else if milestone.completedDate != nil {
                problems.append("\"\(milestone.title)\" is completed")
            }
        }
        guard !problems.isEmpty else { return nil }
        let shown = problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; and \(problems.count - 3) more" : "")
        return FieldError(field: "carry", message: "Only open milestones of this plan can be carried forward: \(shown)")
    }
}
