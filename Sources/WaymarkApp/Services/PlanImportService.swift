import Fluent
import Foundation
import SQLKit
import Vapor
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
    /// The scheme a new plan is given and the file's statuses are read in; nil keeps the plan's own.
    var scheme: StatusScheme? = nil
    /// The day statuses written in the file were reported for.
    var reportedOn: CalendarDate = AsOf.today()

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

    /// An import refused before anything is written: the plan's title it would create, or the
    /// file's name, is not one line of text. A page shows it as 422; a command prints it.
    struct Refused: AbortError, PlainError {
        var reason: String
        var status: HTTPResponseStatus { .unprocessableEntity }
        var description: String { reason }
    }

    func run(_ document: PlanDocument, planReference: String?, fileName: String, progress: Progress? = nil) async throws -> Outcome {
        let outcome = try await write(document, planReference: planReference, fileName: fileName, progress: progress)
        WaymarkMetrics.imported(.plan, rows: document.milestoneCount)
        // The imported milestones' statuses are worked out now, once, rather than by the first
        // person to open the list. A failure here loses nothing: the list works them out instead.
        if let plan = try? await Plan.find(outcome.planID, on: db) {
            try? await MilestoneStatusIndex.ensureCurrent(planID: outcome.planID, scheme: plan.scheme, today: AsOf.today(), on: db, cache: nil)
        }
        return outcome
    }

    /// The import without counting it in /metrics: the preview runs it and rolls it back.
    func write(_ document: PlanDocument, planReference: String?, fileName: String, progress: Progress?) async throws -> Outcome {
        // The file's name goes into the audit trail and the confirmation; it is one line.
        if let problem = TextLimit.title.problem(fileName, label: "The file's name") {
            throw Refused(reason: problem + "; rename the file and import it again. Nothing was imported.")
        }
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            if sql.dialect.name == "sqlite" {
                // A bigger page cache keeps a large import from spilling to disk mid-transaction.
                try await sql.raw("PRAGMA cache_size = -65536").run()
            }
            let (plan, createdPlan) = try await findOrCreatePlan(reference: planReference, document: document, fileName: fileName, on: tx)
            if plan.state == .closed { throw WriteRefusal.planClosed(plan.title) }
            let planID = try plan.requireID()
            // Two imports into one plan take turns; the second sees the first's milestones and
            // updates them rather than adding them again.
            try await RowGuards.lock("plans", id: planID, on: tx)
            var outcome = Outcome(planID: planID, planTitle: plan.title, createdPlan: createdPlan, warnings: document.warnings)
            var writer = PlanImportWriter(sql: sql, planID: planID, actor: actor)
            writer.reportedOn = reportedOn

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

    /// The file's statuses were read in `scheme`; a plan that keeps another cannot take them, and
    /// a plan's scheme is changed on its settings page, where the change is audited as such.
    private func sameScheme(_ plan: Plan) throws -> Plan {
        if let scheme, scheme.code != plan.scheme.code {
            throw Refused(reason: "The plan \"\(plan.title)\" uses the \(plan.scheme.code) status scheme, not \(scheme.code). "
                + "Import without --scheme to use the plan's own, or change the plan's scheme on its settings page first. Nothing was imported.")
        }
        return plan
    }

    private func findOrCreatePlan(reference: String?, document: PlanDocument, fileName: String, on db: any Database) async throws -> (Plan, Bool) {
        if let reference, let existing = try await PlanLookup.find(reference, on: db, required: false) {
            return (try sameScheme(existing), false)
        }
        let title = reference ?? document.title ?? (fileName as NSString).deletingPathExtension
        if let existing = try await PlanLookup.find(title, on: db, required: false) {
            return (try sameScheme(existing), false)
        }
        // A new plan's title follows the same rules as one typed into a form: it goes into page
        // titles, reports and the reminders' Subject line.
        let source = reference != nil ? "" : document.title != nil ? " (the file's first line)" : " (taken from the file's name)"
        if let problem = TextLimit.title.problem(title, label: "The plan's title\(source)") {
            throw Refused(reason: problem + (reference == nil && document.title == nil
                ? "; rename the file, or choose the plan to import into. Nothing was imported."
                : ". Nothing was imported."))
        }
        if Int(title) != nil {
            throw WriteRefusal.notFound(saying: "there is no plan with id \(title); give a plan title to create a new plan")
        }
        let period = PlanPeriod.find(in: title)
        let plan = Plan(title: title, periodLabel: period?.label, periodStart: period?.start.iso, periodEnd: period?.end.iso)
        if let scheme {
            plan.statusScheme = scheme.code
            if StatusScheme.named(scheme.code) == nil { plan.statusSchemeDefinition = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self) }
        }
        try await plan.create(on: db)
        try await AuditLog.record(.init(actor: actor, action: "plan.created", entity: "plan", entityID: plan.id, planID: plan.id,
                                        summary: "Created the plan \"\(title)\" by importing \(fileName)"), on: db)
        return (plan, true)
    }
}
