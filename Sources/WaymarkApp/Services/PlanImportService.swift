import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Writes a read `PlanDocument` into a plan: all of it in one transaction, or none of it.
///
/// Importing the same file again changes nothing. Milestones are matched within their activity
/// by title (and, for repeated titles, by order), so an edited file updates what it names and
/// never duplicates. An import only adds information: an empty forecast or completion cell does
/// not erase a date recorded in Waymark, and milestones missing from the file are left alone.
struct PlanImportService {
    let db: any Database
    let actor: String

    struct Outcome: Sendable, Equatable {
        var planID: Int
        var planTitle: String
        var createdPlan = false
        var createdAreas = 0
        var createdActivities = 0
        var updatedActivities = 0
        var createdMilestones = 0
        var updatedMilestones = 0
        var unchangedMilestones = 0
        var milestonesNotInFile = 0
        var createdPeople = 0
        var warnings: [ImportProblem] = []

        var summary: String {
            var parts = ["\(Plural.count(createdMilestones, "milestone")) added", "\(updatedMilestones) updated", "\(unchangedMilestones) unchanged"]
            if createdAreas + createdActivities > 0 {
                parts.append("\(Plural.count(createdAreas, "area")) and \(Plural.count(createdActivities, "activity")) added")
            }
            if createdPeople > 0 { parts.append(Plural.count(createdPeople, "new lead officer")) }
            if milestonesNotInFile > 0 {
                parts.append("\(Plural.count(milestonesNotInFile, "milestone")) in the plan but not in the file left as \(milestonesNotInFile == 1 ? "it was" : "they were")")
            }
            return parts.joined(separator: "; ")
        }
    }

    typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    func run(_ document: PlanDocument, planReference: String?, fileName: String, progress: Progress? = nil) async throws -> Outcome {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "sqlite" {
                // A bigger page cache keeps a large import from spilling to disk mid-transaction.
                try await sql.raw("PRAGMA cache_size = -65536").run()
            }
            let (plan, createdPlan) = try await findOrCreatePlan(reference: planReference, document: document, fileName: fileName, on: tx)
            let planID = try plan.requireID()
            // Two imports into one plan take turns; the second sees the first's milestones and
            // updates them rather than adding them again.
            try await RowGuards.lock("plans", id: planID, on: tx)
            var outcome = Outcome(planID: planID, planTitle: plan.title, createdPlan: createdPlan, warnings: document.warnings)
            let writer = PlanImportWriter(sql: sql, planID: planID, actor: actor)

            let areaIDs = try await writer.upsertAreas(document.areas, outcome: &outcome)
            let activityIDs = try await writer.upsertActivities(document, areaIDs: areaIDs, outcome: &outcome)
            let personIDs = try await writer.upsertPeople(document.people, outcome: &outcome)
            try await writer.upsertMilestones(document, activityIDs: activityIDs, personIDs: personIDs, outcome: &outcome, progress: progress)

            try await PlanDataVersion.bump(planID, on: tx)
            try await AuditLog.record(.init(
                actor: actor, action: "plan.imported", entity: "plan", entityID: planID, planID: planID,
                summary: "Imported \(fileName) into \"\(plan.title)\": \(outcome.summary)",
                after: AuditLog.json(["file": fileName, "milestones_added": String(outcome.createdMilestones),
                                      "milestones_updated": String(outcome.updatedMilestones)])
            ), on: tx)
            return outcome
        }
    }

    private func findOrCreatePlan(reference: String?, document: PlanDocument, fileName: String, on db: any Database) async throws -> (Plan, Bool) {
        if let reference, let existing = try await PlanLookup.find(reference, on: db, required: false) {
            return (existing, false)
        }
        let title = reference ?? document.title ?? (fileName as NSString).deletingPathExtension
        if let existing = try await PlanLookup.find(title, on: db, required: false) {
            return (existing, false)
        }
        if Int(title) != nil {
            throw WriteRefusal.notFound(saying: "there is no plan with id \(title); give a plan title to create a new plan")
        }
        let period = PlanPeriod.find(in: title)
        let plan = Plan(title: title, periodLabel: period?.label, periodStart: period?.start.iso, periodEnd: period?.end.iso)
        try await plan.create(on: db)
        try await AuditLog.record(.init(actor: actor, action: "plan.created", entity: "plan", entityID: plan.id, planID: plan.id,
                                        summary: "Created the plan \"\(title)\" by importing \(fileName)"), on: db)
        return (plan, true)
    }
}
