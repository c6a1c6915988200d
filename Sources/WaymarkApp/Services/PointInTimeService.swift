import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// A plan as it stood at a past moment, rebuilt from the append-only audit trail, so that
/// "Q3 as reported on 18 Dec 2017" can be shown again exactly.
enum PointInTimeService {
    /// Each milestone that existed at `moment`, with its status-deciding fields as they were then.
    static func milestones(planID: Int, at moment: Date, on db: any Database) async throws -> [(milestone: Milestone, values: [String: String])] {
        let milestones = try await Milestone.query(on: db).filter(\.$plan.$id == planID).all()
            .filter { ($0.createdAt ?? .distantPast) <= moment }
        let later = try await AuditEvent.query(on: db).filter(\.$planID == planID).filter(\.$entity == "milestone")
            .filter(\.$occurredAt > moment).sort(\.$occurredAt, .descending).sort(\.$id, .descending).all()
        var undo: [Int: [[String: String]]] = [:]
        for event in later {
            guard let id = event.entityID, let json = event.beforeValues,
                  let before = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { continue }
            undo[id, default: []].append(before)
        }
        return milestones.map { m in
            let now = ["title": m.title, "deadline_text": m.deadlineText, "forecast_date": m.forecastDate ?? "", "completed_date": m.completedDate ?? "",
                       "lifecycle": m.lifecycle.rawValue, "withdrawn_reason": m.withdrawnReason ?? "", "revised_deadline_text": m.revisedDeadlineText ?? "",
                       "revision_count": String(m.revisionCount), "decided_status": m.decidedStatus ?? "", "decided_reason": m.decidedReason ?? ""]
            return (m, PointInTime.rewind(now, undoing: undo[m.id ?? 0] ?? []))
        }
    }

    /// The dashboard's figures as the plan stood at `moment`, with statuses worked out for `asOf`.
    static func report(for plan: Plan, at moment: Date, asOf: CalendarDate, on db: any Database) async throws -> PlanStatusReport {
        var byActivity: [Int: StatusCounts] = [:]
        let scheme = plan.scheme
        for (milestone, values) in try await milestones(planID: try plan.requireID(), at: moment, on: db) {
            var status: StatusScheme.Status?
            if values["lifecycle"] == MilestoneLifecycle.active.rawValue, let facts = PointInTime.facts(values) {
                status = scheme.assess(facts, asOf: asOf, decision: values["decided_status"].flatMap { $0.isEmpty ? nil : $0 }).status
            }
            byActivity[milestone.$activity.id, default: StatusCounts()].add(inScheme: status)
        }
        return try await PlanStatusService.assemble(plan: plan, asOf: asOf, byActivity: byActivity, on: db)
    }

    /// The milestone list as it stood at `moment`: milestones added since are left out, and each
    /// one's title, deadline, dates and lifecycle are as they were. Areas, activities and leads
    /// are shown as they are now; the audit trail does not rebuild those.
    static func listings(plan: Plan, at moment: Date, asOf: CalendarDate, on db: any Database) async throws -> [MilestoneListing] {
        let then = Dictionary(try await milestones(planID: try plan.requireID(), at: moment, on: db).map { ($0.milestone.id ?? 0, $0.values) },
                              uniquingKeysWith: { first, _ in first })
        let scheme = plan.scheme
        return try await MilestoneQuery.everything(plan: plan, asOf: asOf, on: db).compactMap { listing in
            guard let values = then[listing.id] else { return nil }
            var past = listing
            past.title = values["title"] ?? listing.title
            past.deadline = values["deadline_text"] ?? listing.deadline
            past.forecast = values["forecast_date"].flatMap { $0.isEmpty ? nil : $0 }
            past.completed = values["completed_date"].flatMap { $0.isEmpty ? nil : $0 }
            past.lifecycle = values["lifecycle"] ?? listing.lifecycle
            let withdrawn = past.lifecycle == MilestoneLifecycle.withdrawn.rawValue
            if let facts = PointInTime.facts(values) {
                // A decision is read from the audit record where it is there; a milestone whose record
                // predates decisions is judged by its dates.
                past.apply(scheme.verdict(facts, asOf: asOf, decision: values["decided_status"].flatMap { $0.isEmpty ? nil : $0 },
                                          decisionReason: values["decided_reason"], withdrawn: withdrawn))
                past.due = facts.deadline.due?.iso
            } else if withdrawn {
                (past.status, past.statusLabel, past.statusExplanation) = ("withdrawn", "Withdrawn", "Withdrawn: not counted")
                (past.schemeStatus, past.statusKind, past.statusColour) = ("withdrawn", nil, "withdrawn")
            }
            return past
        }
    }

    /// A period report's lines as the plan stood at `moment`: fields and the latest commentary then.
    static func lines(planID: Int, at moment: Date, asOf: CalendarDate, on db: any Database) async throws -> [SnapshotLine] {
        let scheme = try await Plan.read(planID, on: db)?.scheme ?? .standard
        let then = Dictionary(try await milestones(planID: planID, at: moment, on: db).map { ($0.milestone.id ?? 0, $0.values) },
                              uniquingKeysWith: { first, _ in first })
        let updates = try await MilestoneUpdate.query(on: db).join(Milestone.self, on: \MilestoneUpdate.$milestone.$id == \Milestone.$id)
            .filter(Milestone.self, \.$plan.$id == planID).filter(\.$createdAt <= moment).sort(\.$id).all()
        let commentary = Dictionary(updates.map { ($0.$milestone.id, $0.commentary) }, uniquingKeysWith: { _, latest in latest })
        return try await PeriodSnapshot.current(planID: planID, asOf: asOf, on: db.sql).compactMap { line in
            guard let values = then[line.milestoneID] else { return nil }
            var past = line
            func text(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
            past.title = values["title"] ?? line.title
            past.deadlineText = values["deadline_text"] ?? line.deadlineText
            past.forecastDate = text("forecast_date")
            past.completedDate = text("completed_date")
            past.lifecycle = values["lifecycle"] ?? line.lifecycle
            past.revisedDeadlineText = text("revised_deadline_text")
            past.revisionCount = values["revision_count"].flatMap(Int.init) ?? line.revisionCount
            past.commentary = commentary[line.milestoneID]
            if past.lifecycle == MilestoneLifecycle.withdrawn.rawValue {
                (past.status, past.statusAgainstRevised, past.statusReason) = (nil, nil, SnapshotLine.withdrawnReason(values["withdrawn_reason"]))
                past.schemeStatus = nil
            } else if let facts = PointInTime.facts(values) {
                let verdict = scheme.verdict(facts, asOf: asOf, decision: text("decided_status"), decisionReason: text("decided_reason"), withdrawn: false)
                let assessment = verdict.assessment
                (past.status, past.statusReason, past.dueDate) = (assessment.status, verdict.explanation, facts.deadline.due?.iso)
                past.schemeStatus = verdict.code
                past.statusAgainstRevised = StatusRules.assess(facts, againstRevised: past.revisedDeadlineText, asOf: asOf)?.status
                past.revisedDueDate = past.revisedDeadlineText.flatMap { try? DeadlineParser.parse($0) }?.due?.iso
            }
            return past
        }
    }
}
