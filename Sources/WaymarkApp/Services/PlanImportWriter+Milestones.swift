import Foundation
import SQLKit
import WaymarkCore

extension PlanImportWriter {
    struct ExistingMilestone: Decodable {
        var id: Int
        var activity_id: Int
        var position: Int
        var title: String
        var deadline_text: String
        var forecast_date: String?
        var completed_date: String?
        var lifecycle: String
        var withdrawn_reason: String?
        var version: Int
        var reference: String?
        var reported_status: String?
    }

    static let milestoneColumns = [
        "plan_id", "activity_id", "position", "title", "deadline_text", "deadline_kind", "earliest_start", "due_date",
        "checkpoints", "forecast_date", "completed_date", "lifecycle", "withdrawn_reason", "version", "created_at", "updated_at",
        "reference", "reported_status", "reported_on",
    ]

    func upsertMilestones(_ document: PlanDocument, activityIDs: [Int: Int], personIDs: [String: Int],
                          outcome: inout PlanImportService.Outcome, progress: PlanImportService.Progress?) async throws {
        var pool = try await existingMilestones()
        var existingLeads = try await existingLeadIDs()
        let now = Date()
        var fresh: [(activityID: Int, position: Int, milestone: PlanDocument.Milestone)] = []
        let total = document.milestoneCount
        var done = 0

        for area in document.areas {
            for activity in area.activities {
                let activityID = activityIDs[activity.number]!
                for (index, milestone) in activity.milestones.enumerated() {
                    let position = index + 1
                    let leadIDs = milestone.leads.map { personIDs[LeadNames.key($0)]! }
                    let key = LeadNames.key(milestone.title)
                    guard let match = pool[activityID]?[key]?.first else {
                        fresh.append((activityID, position, milestone))
                        continue
                    }
                    pool[activityID]![key]!.removeFirst()
                    if try await update(match, to: milestone, position: position, leadIDs: leadIDs,
                                        currentLeads: existingLeads[match.id] ?? [], now: now) {
                        outcome.updatedMilestones += 1
                    } else {
                        outcome.unchangedMilestones += 1
                    }
                    existingLeads[match.id] = nil
                    done += 1
                }
            }
        }
        outcome.milestonesNotInFile = pool.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } }

        let bulk = BulkInsert(db: sql)
        for batch in fresh.chunked(Self.batchSize) {
            let rows: [[BulkValue]] = batch.map { row in
                let m = row.milestone
                let d = m.deadline
                return [
                    .int(planID), .int(row.activityID), .int(row.position), .text(m.title), .text(d.written),
                    .text(d.kind.rawValue), .text(d.earliestStart?.iso), .text(d.due?.iso),
                    .text(d.checkpoints.isEmpty ? nil : d.checkpoints.map(\.iso).joined(separator: ",")),
                    .text(m.forecast?.iso), .text(m.completedOn?.iso),
                    .text(m.withdrawnReason == nil ? MilestoneLifecycle.active.rawValue : MilestoneLifecycle.withdrawn.rawValue),
                    .text(m.withdrawnReason), .int(1), .timestamp(now), .timestamp(now),
                    .text(m.reference), .text(m.reportedStatus), .text(m.reportedStatus == nil ? nil : reportedOn.iso),
                ]
            }
            let inserted = try await bulk.insert(into: "milestones", columns: Self.milestoneColumns, rows: rows,
                                                 returning: ["id", "activity_id", "position"])
            let idFor = Dictionary(inserted.map { (PositionKey(activityID: $0[1], position: $0[2]), $0[0]) },
                                   uniquingKeysWith: { a, _ in a })
            var links: [[BulkValue]] = []
            for row in batch {
                guard let id = idFor[PositionKey(activityID: row.activityID, position: row.position)] else {
                    throw UnexpectedDatabaseAnswer("the database did not return the id of a new milestone (line \(row.milestone.line))")
                }
                for (index, name) in row.milestone.leads.enumerated() {
                    links.append([.int(id), .int(personIDs[LeadNames.key(name)]!), .int(index + 1)])
                }
            }
            for linkBatch in links.chunked(Self.batchSize * 5) {
                try await bulk.insert(into: "milestone_leads", columns: ["milestone_id", "person_id", "position"], rows: Array(linkBatch))
            }
            outcome.createdMilestones += batch.count
            done += batch.count
            progress?(done, total)
        }
    }

    private struct PositionKey: Hashable { var activityID: Int; var position: Int }

    /// Existing milestones by activity, then by title key, in plan order.
    private func existingMilestones() async throws -> [Int: [String: [ExistingMilestone]]] {
        let rows = try await sql.select()
            .columns("id", "activity_id", "position", "title", "deadline_text", "forecast_date", "completed_date", "lifecycle", "withdrawn_reason", "version",
                     "reference", "reported_status")
            .from("milestones").where("plan_id", .equal, planID)
            .orderBy("activity_id").orderBy("position").orderBy("id")
            .all(decoding: ExistingMilestone.self)
        var pool: [Int: [String: [ExistingMilestone]]] = [:]
        for row in rows { pool[row.activity_id, default: [:]][LeadNames.key(row.title), default: []].append(row) }
        return pool
    }

    private func existingLeadIDs() async throws -> [Int: [Int]] {
        struct Row: Decodable { var milestone_id: Int; var person_id: Int }
        let rows = try await sql.select().column(SQLColumn("milestone_id", table: "milestone_leads")).column(SQLColumn("person_id", table: "milestone_leads"))
            .from("milestone_leads").join("milestones", on: SQLColumn("id", table: "milestones"), .equal, SQLColumn("milestone_id", table: "milestone_leads"))
            .where(SQLColumn("plan_id", table: "milestones"), .equal, SQLBind(planID))
            .orderBy(SQLColumn("milestone_id", table: "milestone_leads")).orderBy(SQLColumn("position", table: "milestone_leads"))
            .all(decoding: Row.self)
        var leads: [Int: [Int]] = [:]
        for row in rows { leads[row.milestone_id, default: []].append(row.person_id) }
        return leads
    }

    /// Applies what the file says about a milestone already in the plan; true when anything changed.
    private func update(_ existing: ExistingMilestone, to milestone: PlanDocument.Milestone, position: Int,
                        leadIDs: [Int], currentLeads: [Int], now: Date) async throws -> Bool {
        var before: [String: String] = [:]
        var after: [String: String] = [:]
        var update = sql.update("milestones")
        func change(_ column: String, _ old: String?, _ new: String?) {
            guard old != new else { return }
            before[column] = old ?? ""
            after[column] = new ?? ""
            update = update.set(SQLColumn(column), to: SQLBind(new))
        }
        change("title", existing.title, milestone.title)
        if existing.deadline_text != milestone.deadline.written {
            let d = milestone.deadline
            change("deadline_text", existing.deadline_text, d.written)
            update = update.set("deadline_kind", to: SQLBind(d.kind.rawValue)).set("earliest_start", to: SQLBind(d.earliestStart?.iso))
                .set("due_date", to: SQLBind(d.due?.iso))
                .set("checkpoints", to: SQLBind(d.checkpoints.isEmpty ? nil : d.checkpoints.map(\.iso).joined(separator: ",")))
        }
        if let forecast = milestone.forecast?.iso { change("forecast_date", existing.forecast_date, forecast) }
        if let completed = milestone.completedOn?.iso { change("completed_date", existing.completed_date, completed) }
        if let reason = milestone.withdrawnReason, existing.lifecycle != MilestoneLifecycle.withdrawn.rawValue {
            change("lifecycle", existing.lifecycle, MilestoneLifecycle.withdrawn.rawValue)
            change("withdrawn_reason", existing.withdrawn_reason, reason)
        }
        if let reference = milestone.reference { change("reference", existing.reference, reference) }
        if let reported = milestone.reportedStatus {
            change("reported_status", existing.reported_status, reported)
            // A changed word is dated the day it was reported for; the same word keeps its first day.
            update = update.set("reported_on", to: SQLBind(reportedOn.iso))
        }
        let leadsChanged = leadIDs != currentLeads
        if leadsChanged {
            before["lead_ids"] = currentLeads.map(String.init).joined(separator: ",")
            after["lead_ids"] = leadIDs.map(String.init).joined(separator: ",")
        }
        // Reordering alone is not worth an audit entry or a new version.
        if after.isEmpty {
            if existing.position != position {
                try await sql.update("milestones").set("position", to: SQLBind(position)).where("id", .equal, existing.id).run()
            }
            return false
        }
        try await update.set("position", to: SQLBind(position)).set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .set("updated_at", to: SQLBind(now)).where("id", .equal, existing.id).run()
        if leadsChanged {
            try await sql.delete(from: "milestone_leads").where("milestone_id", .equal, existing.id).run()
            var links = sql.insert(into: "milestone_leads").columns("milestone_id", "person_id", "position")
            for (index, person) in leadIDs.enumerated() { links = links.values(SQLBind(existing.id), SQLBind(person), SQLBind(index + 1)) }
            try await links.run()
        }
        try await AuditLog.record(.init(
            actor: actor, action: "milestone.updated", entity: "milestone", entityID: existing.id, planID: planID,
            summary: "Milestone \"\(milestone.title)\" changed by import (line \(milestone.line))",
            before: AuditLog.json(before), after: AuditLog.json(after)), on: sql)
        return true
    }
}
