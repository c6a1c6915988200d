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
    /// The activity's reference as the plan writes it ("2.3"), or its number.
    var activityRef: String = ""
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
    /// The criteria's code (completed, on_target, delayed, overdue) or "withdrawn", whatever the scheme.
    var status: String
    /// In the plan's scheme: its label, its code, the code's kind and its colour token.
    var statusLabel: String
    var statusExplanation: String
    var schemeStatus: String
    var statusKind: String?
    var statusColour: String
    /// The status an imported file gave, a code of the plan's scheme, and the day it was for.
    var reportedStatus: String? = nil
    var reportedOn: String? = nil
    var reportedLabel: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, ref, area, areaID = "area_id", activityNumber = "activity_number", activityRef = "activity_ref", activityID = "activity_id", activity, title, leads, leadIDs = "lead_ids", deadline
        case deadlineKind = "deadline_kind", due, forecast, completed, lifecycle, status, statusLabel = "status_label"
        case statusExplanation = "status_explanation", schemeStatus = "scheme_status", statusKind = "status_kind", statusColour = "status_colour"
        case reportedStatus = "reported_status", reportedOn = "reported_on", reportedLabel = "reported_label"
    }

    mutating func apply(_ verdict: SchemeVerdict) {
        (status, statusLabel, statusExplanation) = (verdict.criteriaCode, verdict.short, verdict.explanation)
        (schemeStatus, statusKind, statusColour) = (verdict.code, verdict.status?.kind.rawValue, verdict.colour)
    }
}

/// Filters for a milestone list; all optional, all combined with AND.
struct MilestoneFilter: Sendable {
    /// The criteria's status, whatever the scheme calls it.
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
    /// Codes of the plan's scheme; see `parseStatus`.
    var schemeStatuses: Set<String>?
    var activityID: Int?
    var milestoneID: Int?

    /// The filter in words, for keeping its count; two filters that match the same rows in
    /// every case have the same key.
    var countKey: String {
        // An array's description quotes and escapes each string, so no two filters share one.
        ([status?.rawValue, area?.trimmingCharacters(in: .whitespaces).lowercased(), lead?.trimmingCharacters(in: .whitespaces).lowercased(),
         personID.map(String.init), dueBefore?.iso, search?.trimmingCharacters(in: .whitespaces).lowercased(), includeWithdrawn ? "w" : "a",
         schemeStatuses.map { $0.sorted().joined(separator: ",") }, activityID.map(String.init), milestoneID.map(String.init)] as [String?])
            .description
    }

    /// A scheme code, a kind (`late_beyond_tolerance`) or a criteria code (`overdue`), as the
    /// API and the command line take them, or a status's label as written; a bad value is an
    /// error naming the field and the scheme's codes.
    static func parseStatus(_ text: String?, scheme: StatusScheme) throws -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        if let found = scheme.statuses(matchingFilter: text) ?? MilestoneStatus(label: text).flatMap({ scheme.statuses(matchingFilter: $0.rawValue) })
            ?? scheme.statuses.first(where: { $0.short.lowercased() == text.lowercased() || $0.name.lowercased() == text.lowercased() }).map({ [$0] }) {
            return Set(found.map(\.code))
        }
        throw CommandFailure("status: \"\(text)\" is not a status; use \(scheme.statuses.map(\.code).joined(separator: ", ")) or a kind such as on_track")
    }
}

enum MilestoneQuery {
    /// The plan's milestones with their statuses on `asOf`, filtered: the whole plan, for exports
    /// and the command line. Pages and the API take a page at a time (`page`), and no server keeps
    /// a whole plan's list in memory.
    static func list(plan: Plan, asOf: CalendarDate, filter: MilestoneFilter, on db: any Database) async throws -> [MilestoneListing] {
        apply(filter, to: try await everything(plan: plan, asOf: asOf, on: db))
    }

    static func apply(_ filter: MilestoneFilter, to listings: [MilestoneListing]) -> [MilestoneListing] {
        let areaFilter = filter.area?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let leadFilter = filter.lead?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let searchText = filter.search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return listings.filter { m in
            if !areaFilter.isEmpty, String(m.areaID) != areaFilter, m.area.lowercased() != areaFilter { return false }
            if let personID = filter.personID, !m.leadIDs.contains(personID) { return false }
            if let activityID = filter.activityID, m.activityID != activityID { return false }
            if let milestoneID = filter.milestoneID, m.id != milestoneID { return false }
            if !searchText.isEmpty, !m.title.lowercased().contains(searchText), !m.activity.lowercased().contains(searchText) { return false }
            if let dueBefore = filter.dueBefore, !(m.due.flatMap { CalendarDate(iso: $0) }.map { $0 <= dueBefore } ?? false) { return false }
            if !leadFilter.isEmpty, !m.leads.contains(where: { $0.lowercased().contains(leadFilter) }) { return false }
            let withdrawn = m.lifecycle == MilestoneLifecycle.withdrawn.rawValue
            if withdrawn && (!filter.includeWithdrawn || filter.status != nil || filter.schemeStatuses != nil) { return false }
            if let wanted = filter.status, m.status != wanted.rawValue || m.statusKind == StatusScheme.Kind.byDecision.rawValue { return false }
            if let wanted = filter.schemeStatuses, !wanted.contains(m.schemeStatus) { return false }
            return true
        }
    }

    static func everything(plan: Plan, asOf: CalendarDate, on db: any Database) async throws -> [MilestoneListing] {
        try await everything(planID: try plan.requireID(), scheme: plan.scheme, asOf: asOf, on: db)
    }

    static func everything(planID: Int, scheme: StatusScheme, asOf: CalendarDate, on db: any Database) async throws -> [MilestoneListing] {
        let sql = db.sql
        let columns = ["id", "position", "title", "deadline_text", "deadline_kind", "earliest_start", "due_date", "checkpoints",
                       "forecast_date", "completed_date", "lifecycle", "area_id", "area_name", "activity_number", "activity_title", "activity_id",
                       "decided_status", "decided_reason", "reference", "activity_reference", "reported_status", "reported_on"]
        let leads = try await leads(planID: planID, on: sql)
        let collected = NIOLockedValueBox<[MilestoneListing]>([])
        try await TextRows(db: sql).forEach("""
            SELECT m.id, m.position, m.title, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date, m.checkpoints,
                   m.forecast_date, m.completed_date, m.lifecycle,
                   ar.id AS area_id, ar.name AS area_name, ac.number AS activity_number, ac.title AS activity_title, ac.id AS activity_id,
                   m.decided_status, m.decided_reason, m.reference, ac.reference AS activity_reference, m.reported_status, m.reported_on
            FROM milestones m
            JOIN activities ac ON ac.id = m.activity_id
            JOIN areas ar ON ar.id = ac.area_id
            WHERE m.plan_id = $1
            ORDER BY ar.position, ar.id, ac.number, m.position, m.id
            """, planID: planID, columns: columns) { column in
            guard let id = column(0).flatMap({ Int($0) }), let areaID = column(11).flatMap({ Int($0) }),
                  let number = column(13).flatMap({ Int($0) }), let activityID = column(15).flatMap({ Int($0) }) else { return }
            let kind = column(4) ?? Deadline.Kind.noFixedDate.rawValue
            let deadline = MilestoneStatusIndex.deadline(text: column(3), kind: kind, earliestStart: column(5), due: column(6), checkpoints: column(7))
            let lifecycle = column(10) ?? MilestoneLifecycle.active.rawValue
            let verdict = MilestoneStatusIndex.verdict(scheme: scheme, today: asOf, deadline: deadline, forecast: column(8), completed: column(9),
                                                       lifecycle: lifecycle, decision: column(16), decisionReason: column(17))
            let listing = MilestoneListing(
                id: id, ref: References.milestone(own: column(18), activityReference: column(19), activityNumber: number, position: column(1).flatMap { Int($0) } ?? 0), area: column(12) ?? "", areaID: areaID,
                activityNumber: number, activityRef: References.activity(reference: column(19), number: number), activityID: activityID, activity: column(14) ?? "", title: column(2) ?? "", leads: (leads[id] ?? []).map(\.name),
                leadIDs: (leads[id] ?? []).map(\.id),
                deadline: deadline.written, deadlineKind: kind, due: column(6), forecast: column(8),
                completed: column(9), lifecycle: lifecycle,
                status: verdict.criteriaCode, statusLabel: verdict.short, statusExplanation: verdict.explanation,
                schemeStatus: verdict.code, statusKind: verdict.status?.kind.rawValue, statusColour: verdict.colour,
                reportedStatus: column(20), reportedOn: column(21), reportedLabel: column(20).map { scheme.status($0)?.short ?? $0 })
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
