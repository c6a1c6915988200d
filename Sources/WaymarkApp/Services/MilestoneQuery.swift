import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import WaymarkCore

/// A milestone as listed: where it sits, who leads it, its deadline and its status on a day.
struct MilestoneListing: Codable, Sendable, Equatable {
    var id: Int
    var ref: String
    var area: String
    var areaID: Int
    var activityNumber: Int
    var activityID: Int
    var activity: String
    var title: String
    var leads: [String]
    /// The lead officers' person ids, in the same order as `leads`.
    var leadIDs: [Int]
    var deadline: String
    var deadlineKind: String
    var due: String?
    var forecast: String?
    var completed: String?
    var lifecycle: String
    var status: String
    var statusLabel: String
    var statusExplanation: String

    enum CodingKeys: String, CodingKey {
        case id, ref, area, areaID = "area_id", activityNumber = "activity_number", activityID = "activity_id", activity, title, leads, leadIDs = "lead_ids", deadline
        case deadlineKind = "deadline_kind", due, forecast, completed, lifecycle, status, statusLabel = "status_label"
        case statusExplanation = "status_explanation"
    }
}

/// Filters for a milestone list; all optional, all combined with AND.
struct MilestoneFilter: Sendable {
    var status: MilestoneStatus?
    /// An area's id or name.
    var area: String?
    /// Part of a lead officer's name, in any case.
    var lead: String?
    /// Only milestones this person leads, joint leads included.
    var personID: Int?
    /// Only milestones due on or before this day.
    var dueBefore: CalendarDate?
    /// Words in the title or activity, in any case.
    var search: String?
    var includeWithdrawn = true

    /// Reads the API and command-line spellings; a bad value is an error naming the field.
    static func parseStatus(_ text: String?) throws -> MilestoneStatus? {
        guard let text, !text.isEmpty else { return nil }
        guard let status = MilestoneStatus(label: text) else {
            throw CommandFailure("status: \"\(text)\" is not a status; use completed, on_target, delayed or overdue")
        }
        return status
    }
}

enum MilestoneQuery {
    /// The plan's milestones with their statuses on `asOf`, filtered. The unfiltered listing is
    /// worked out once per plan version and day when a cache is given.
    static func list(plan: Plan, asOf: CalendarDate, filter: MilestoneFilter, on db: any Database,
                     cache: ReportCache? = nil) async throws -> [MilestoneListing] {
        let all: [MilestoneListing]
        if let cache {
            let key = ReportCache.Key(planID: try plan.requireID(), version: plan.dataVersion, asOf: asOf, kind: "milestones")
            all = try await cache.value(key) { try await everything(plan: plan, asOf: asOf, on: db) }
        } else {
            all = try await everything(plan: plan, asOf: asOf, on: db)
        }
        return apply(filter, to: all)
    }

    static func apply(_ filter: MilestoneFilter, to listings: [MilestoneListing]) -> [MilestoneListing] {
        let areaFilter = filter.area?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let leadFilter = filter.lead?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let searchText = filter.search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return listings.filter { m in
            if !areaFilter.isEmpty, String(m.areaID) != areaFilter, m.area.lowercased() != areaFilter { return false }
            if let personID = filter.personID, !m.leadIDs.contains(personID) { return false }
            if !searchText.isEmpty, !m.title.lowercased().contains(searchText), !m.activity.lowercased().contains(searchText) { return false }
            if let dueBefore = filter.dueBefore, !(m.due.flatMap { CalendarDate(iso: $0) }.map { $0 <= dueBefore } ?? false) { return false }
            if !leadFilter.isEmpty, !m.leads.contains(where: { $0.lowercased().contains(leadFilter) }) { return false }
            let withdrawn = m.lifecycle == MilestoneLifecycle.withdrawn.rawValue
            if withdrawn && (!filter.includeWithdrawn || filter.status != nil) { return false }
            if let wanted = filter.status, m.status != wanted.rawValue { return false }
            return true
        }
    }

    static func everything(plan: Plan, asOf: CalendarDate, on db: any Database) async throws -> [MilestoneListing] {
        let planID = try plan.requireID()
        let sql = db as! any SQLDatabase
        let columns = ["id", "position", "title", "deadline_text", "deadline_kind", "earliest_start", "due_date", "checkpoints",
                       "forecast_date", "completed_date", "lifecycle", "area_id", "area_name", "activity_number", "activity_title", "activity_id"]
        let leads = try await leads(planID: planID, on: sql)
        let collected = NIOLockedValueBox<[MilestoneListing]>([])
        try await TextRows(db: sql).forEach("""
            SELECT m.id, m.position, m.title, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date, m.checkpoints,
                   m.forecast_date, m.completed_date, m.lifecycle,
                   ar.id AS area_id, ar.name AS area_name, ac.number AS activity_number, ac.title AS activity_title, ac.id AS activity_id
            FROM milestones m
            JOIN activities ac ON ac.id = m.activity_id
            JOIN areas ar ON ar.id = ac.area_id
            WHERE m.plan_id = $1
            ORDER BY ar.position, ar.id, ac.number, m.position, m.id
            """, planID: planID, columns: columns) { column in
            guard let id = column(0).flatMap({ Int($0) }), let areaID = column(11).flatMap({ Int($0) }),
                  let number = column(13).flatMap({ Int($0) }), let activityID = column(15).flatMap({ Int($0) }) else { return }
            let kind = column(4) ?? Deadline.Kind.noFixedDate.rawValue
            let deadline = Deadline(stored: column(3), kind: kind, earliestStart: column(5), due: column(6), checkpoints: column(7))
            let assessment = StatusRules.assess(MilestoneFacts(deadline: deadline, storedForecast: column(8), storedCompletion: column(9)), asOf: asOf)
            let lifecycle = column(10) ?? MilestoneLifecycle.active.rawValue
            let withdrawn = lifecycle == MilestoneLifecycle.withdrawn.rawValue
            let listing = MilestoneListing(
                id: id, ref: "\(number).\(column(1) ?? "")", area: column(12) ?? "", areaID: areaID,
                activityNumber: number, activityID: activityID, activity: column(14) ?? "", title: column(2) ?? "", leads: (leads[id] ?? []).map(\.name),
                leadIDs: (leads[id] ?? []).map(\.id),
                deadline: deadline.written, deadlineKind: kind, due: column(6), forecast: column(8),
                completed: column(9), lifecycle: lifecycle,
                status: withdrawn ? "withdrawn" : assessment.status.rawValue,
                statusLabel: withdrawn ? "Withdrawn" : assessment.status.label,
                statusExplanation: withdrawn ? "Withdrawn: not counted" : assessment.explanation)
            collected.withLockedValue { $0.append(listing) }
        }
        return collected.withLockedValue { $0 }
    }

    /// Each milestone's leads, in the plan's order: names and person ids, in one query.
    /// Read as text rather than through `Codable`, which cost more than the query for a large plan.
    static func leads(planID: Int, on sql: any SQLDatabase) async throws -> [Int: [(id: Int, name: String)]] {
        let collected = NIOLockedValueBox<[Int: [(id: Int, name: String)]]>([:])
        try await TextRows(db: sql).forEach("""
            SELECT ml.milestone_id, ml.person_id, p.name FROM milestone_leads ml
            JOIN milestones m ON m.id = ml.milestone_id
            JOIN people p ON p.id = ml.person_id
            WHERE m.plan_id = $1
            ORDER BY ml.milestone_id, ml.position
            """, planID: planID, columns: ["milestone_id", "person_id", "name"]) { column in
            guard let milestone = column(0).flatMap({ Int($0) }), let person = column(1).flatMap({ Int($0) }) else { return }
            let name = column(2) ?? ""
            collected.withLockedValue { $0[milestone, default: []].append((person, name)) }
        }
        return collected.withLockedValue { $0 }
    }
}
