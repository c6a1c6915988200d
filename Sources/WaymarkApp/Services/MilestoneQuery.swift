import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// A milestone as listed: where it sits, who leads it, its deadline and its status on a day.
struct MilestoneListing: Codable, Sendable, Equatable {
    var id: Int
    var ref: String
    var area: String
    var areaID: Int
    var activityNumber: Int
    var activity: String
    var title: String
    var leads: [String]
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
        case id, ref, area, areaID = "area_id", activityNumber = "activity_number", activity, title, leads, deadline
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
    static func list(plan: Plan, asOf: CalendarDate, filter: MilestoneFilter, on db: any Database) async throws -> [MilestoneListing] {
        let planID = try plan.requireID()
        let sql = db as! any SQLDatabase
        struct Row: Decodable {
            var id: Int; var position: Int; var title: String; var deadline_text: String; var deadline_kind: String
            var earliest_start: String?; var due_date: String?; var checkpoints: String?; var forecast_date: String?
            var completed_date: String?; var lifecycle: String
            var area_id: Int; var area_name: String; var activity_number: Int; var activity_title: String
        }
        let leadIDs = filter.personID == nil ? [:] : try await leadPersonIDs(planID: planID, on: sql)
        let searchText = filter.search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let rows = try await sql.raw("""
            SELECT m.id, m.position, m.title, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date, m.checkpoints,
                   m.forecast_date, m.completed_date, m.lifecycle,
                   ar.id AS area_id, ar.name AS area_name, ac.number AS activity_number, ac.title AS activity_title
            FROM milestones m
            JOIN activities ac ON ac.id = m.activity_id
            JOIN areas ar ON ar.id = ac.area_id
            WHERE m.plan_id = \(bind: planID)
            ORDER BY ar.position, ar.id, ac.number, m.position, m.id
            """).all(decoding: Row.self)
        let leads = try await leadNames(planID: planID, on: sql)

        let areaFilter = filter.area?.trimmingCharacters(in: .whitespaces).lowercased()
        let leadFilter = filter.lead?.trimmingCharacters(in: .whitespaces).lowercased()
        var listings: [MilestoneListing] = []
        for row in rows {
            if let areaFilter, !areaFilter.isEmpty, String(row.area_id) != areaFilter, row.area_name.lowercased() != areaFilter { continue }
            if let personID = filter.personID, !(leadIDs[row.id] ?? []).contains(personID) { continue }
            if !searchText.isEmpty, !row.title.lowercased().contains(searchText), !row.activity_title.lowercased().contains(searchText) { continue }
            if let dueBefore = filter.dueBefore, !(row.due_date.flatMap { CalendarDate(iso: $0) }.map { $0 <= dueBefore } ?? false) { continue }
            let names = leads[row.id] ?? []
            if let leadFilter, !leadFilter.isEmpty, !names.contains(where: { $0.lowercased().contains(leadFilter) }) { continue }
            let withdrawn = row.lifecycle == MilestoneLifecycle.withdrawn.rawValue
            if withdrawn && (!filter.includeWithdrawn || filter.status != nil) { continue }
            let deadline = Deadline(
                written: row.deadline_text, kind: Deadline.Kind(rawValue: row.deadline_kind) ?? .noFixedDate,
                earliestStart: row.earliest_start.flatMap { CalendarDate(iso: $0) }, due: row.due_date.flatMap { CalendarDate(iso: $0) },
                checkpoints: (row.checkpoints ?? "").split(separator: ",").compactMap { CalendarDate(iso: $0) })
            let assessment = StatusRules.assess(
                MilestoneFacts(deadline: deadline, forecast: row.forecast_date.flatMap { CalendarDate(iso: $0) },
                               completedOn: row.completed_date.flatMap { CalendarDate(iso: $0) }),
                asOf: asOf)
            if let wanted = filter.status, assessment.status != wanted { continue }
            listings.append(MilestoneListing(
                id: row.id, ref: "\(row.activity_number).\(row.position)", area: row.area_name, areaID: row.area_id,
                activityNumber: row.activity_number, activity: row.activity_title, title: row.title, leads: names,
                deadline: row.deadline_text, deadlineKind: row.deadline_kind, due: row.due_date, forecast: row.forecast_date,
                completed: row.completed_date, lifecycle: row.lifecycle,
                status: withdrawn ? "withdrawn" : assessment.status.rawValue,
                statusLabel: withdrawn ? "Withdrawn" : assessment.status.label,
                statusExplanation: withdrawn ? "Withdrawn: not counted" : assessment.explanation))
        }
        return listings
    }

    static func leadPersonIDs(planID: Int, on sql: any SQLDatabase) async throws -> [Int: Set<Int>] {
        struct Row: Decodable { var milestone_id: Int; var person_id: Int }
        let rows = try await sql.raw("""
            SELECT ml.milestone_id, ml.person_id FROM milestone_leads ml JOIN milestones m ON m.id = ml.milestone_id
            WHERE m.plan_id = \(bind: planID)
            """).all(decoding: Row.self)
        var ids: [Int: Set<Int>] = [:]
        for row in rows { ids[row.milestone_id, default: []].insert(row.person_id) }
        return ids
    }

    static func leadNames(planID: Int, on sql: any SQLDatabase) async throws -> [Int: [String]] {
        struct Row: Decodable { var milestone_id: Int; var name: String }
        let rows = try await sql.raw("""
            SELECT ml.milestone_id, p.name FROM milestone_leads ml
            JOIN milestones m ON m.id = ml.milestone_id
            JOIN people p ON p.id = ml.person_id
            WHERE m.plan_id = \(bind: planID)
            ORDER BY ml.milestone_id, ml.position
            """).all(decoding: Row.self)
        var names: [Int: [String]] = [:]
        for row in rows { names[row.milestone_id, default: []].append(row.name) }
        return names
    }
}
