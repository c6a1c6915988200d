import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import WaymarkCore

/// A milestone as it stood when a period closed. Written once, never updated.
struct SnapshotLine: Sendable, Equatable {
    var milestoneID: Int
    var areaID: Int
    var areaName: String
    var areaPosition: Int
    var activityNumber: Int
    var activityTitle: String
    var position: Int
    var title: String
    var leads: String
    var deadlineText: String
    var dueDate: String?
    var revisedDeadlineText: String?
    var revisedDueDate: String?
    var revisionCount: Int
    var lifecycle: String
    /// Nil for a withdrawn milestone.
    var status: MilestoneStatus?
    var statusAgainstRevised: MilestoneStatus?
    var statusReason: String
    var forecastDate: String?
    var completedDate: String?
    var commentary: String?
    /// The status's code in the scheme the line was frozen under; for lines frozen before schemes
    /// existed, the criteria's code, which is the standard scheme's.
    var schemeStatus: String? = nil
    var decidedReason: String? = nil
    /// The reference as shown when frozen; nil for lines frozen before plans kept their own.
    var storedRef: String? = nil
    /// The activity's reference as shown ("2.3"), for exports that are imported back.
    var activityRef: String? = nil

    var activityLabel: String { activityRef ?? String(activityNumber) }

    /// The code to read against the period's scheme: "withdrawn" for a withdrawn milestone.
    var schemeCode: String { schemeStatus ?? status?.rawValue ?? "withdrawn" }

    var ref: String { storedRef ?? "\(activityNumber).\(position)" }

    /// A withdrawn milestone's reason stands where a status's reason would.
    static func withdrawnReason(_ reason: String?) -> String {
        "Withdrawn: " + (reason.flatMap { $0.isEmpty ? nil : $0 } ?? "no reason recorded")
    }

    /// The reason given when it was withdrawn, for the export's "Withdrawn reason" column.
    var withdrawalReason: String? {
        lifecycle == MilestoneLifecycle.withdrawn.rawValue ? String(statusReason.dropFirst("Withdrawn: ".count)) : nil
    }

    var comparable: MilestoneSnapshotLine {
        MilestoneSnapshotLine(milestoneID: milestoneID, title: title, area: areaName, status: status,
                              revisedDue: revisedDueDate.flatMap { CalendarDate(iso: $0) }, revisionCount: revisionCount)
    }
}

/// Takes and reads the frozen snapshots of a plan's milestones.
enum PeriodSnapshot {
    static let columns = ["period_id", "closing", "milestone_id", "area_id", "area_name", "area_position", "activity_number", "activity_title",
                          "position", "title", "leads", "deadline_text", "due_date", "revised_deadline_text", "revised_due_date", "revision_count",
                          "lifecycle", "status", "status_against_revised", "status_reason", "forecast_date", "completed_date", "commentary",
                          "scheme_status", "decided_reason", "ref", "activity_ref"]

    /// Every milestone of the plan as it stands now, with statuses worked out for `asOf`:
    /// against the original deadline, as the criteria say, and against the agreed revised one.
    static func current(planID: Int, asOf: CalendarDate, on sql: any SQLDatabase) async throws -> [SnapshotLine] {
        struct SchemeRow: Decodable { var status_scheme: String; var status_scheme_definition: String? }
        let row = try await sql.raw("SELECT status_scheme, status_scheme_definition FROM plans WHERE id = \(bind: planID)").first(decoding: SchemeRow.self)
        let scheme = Plan.scheme(code: row?.status_scheme, definition: row?.status_scheme_definition)
        let leads = try await MilestoneQuery.leads(planID: planID, on: sql)
        struct UpdateRow: Decodable { var milestone_id: Int; var commentary: String }
        // Ordered by id, so each milestone keeps its latest commentary.
        let commentary = Dictionary(try await sql.raw("""
            SELECT u.milestone_id, u.commentary FROM milestone_updates u JOIN milestones m ON m.id = u.milestone_id
            WHERE m.plan_id = \(bind: planID) ORDER BY u.id
            """).all(decoding: UpdateRow.self).map { ($0.milestone_id, $0.commentary) }, uniquingKeysWith: { _, latest in latest })
        let names = ["id", "area_id", "area_name", "area_position", "activity_number", "activity_title", "position", "title", "deadline_text",
                     "deadline_kind", "earliest_start", "due_date", "checkpoints", "revised_deadline_text", "revised_due_date", "revision_count",
                     "lifecycle", "forecast_date", "completed_date", "withdrawn_reason", "decided_status", "decided_reason",
                     "reference", "activity_reference"]
        let collected = NIOLockedValueBox<[SnapshotLine]>([])
        try await TextRows(db: sql).forEach("""
            SELECT m.id, ar.id AS area_id, ar.name AS area_name, ar.position AS area_position, ac.number AS activity_number,
                   ac.title AS activity_title, m.position, m.title, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date,
                   m.checkpoints, m.revised_deadline_text, m.revised_due_date, m.revision_count, m.lifecycle, m.forecast_date, m.completed_date,
                   m.withdrawn_reason, m.decided_status, m.decided_reason, m.reference, ac.reference AS activity_reference
            FROM milestones m JOIN activities ac ON ac.id = m.activity_id JOIN areas ar ON ar.id = ac.area_id
            WHERE m.plan_id = $1
            ORDER BY ar.position, ar.id, ac.number, m.position, m.id
            """, planID: planID, columns: names) { column in
            func int(_ i: Int) -> Int { column(i).flatMap { Int($0) } ?? 0 }
            let deadline = Deadline(stored: column(8), kind: column(9), earliestStart: column(10), due: column(11), checkpoints: column(12))
            let facts = MilestoneFacts(deadline: deadline, storedForecast: column(17), storedCompletion: column(18))
            let withdrawn = column(16) == MilestoneLifecycle.withdrawn.rawValue
            let verdict = scheme.verdict(facts, asOf: asOf, decision: column(20), decisionReason: column(21), withdrawn: withdrawn)
            let assessment = verdict.assessment
            let againstRevised = withdrawn ? nil : StatusRules.assess(facts, againstRevised: column(13), asOf: asOf)?.status
            let id = int(0)
            let line = SnapshotLine(
                milestoneID: id, areaID: int(1), areaName: column(2) ?? "", areaPosition: int(3), activityNumber: int(4),
                activityTitle: column(5) ?? "", position: int(6), title: column(7) ?? "",
                leads: (leads[id] ?? []).map(\.name).joined(separator: " / "), deadlineText: deadline.written, dueDate: column(11),
                revisedDeadlineText: column(13), revisedDueDate: column(14), revisionCount: int(15), lifecycle: column(16) ?? "active",
                status: withdrawn ? nil : assessment.status, statusAgainstRevised: againstRevised,
                statusReason: withdrawn ? SnapshotLine.withdrawnReason(column(19)) : verdict.explanation,
                forecastDate: column(17), completedDate: column(18), commentary: commentary[id],
                schemeStatus: withdrawn ? nil : verdict.code, decidedReason: verdict.status?.kind == .byDecision ? column(21) : nil,
                storedRef: References.milestone(own: column(22), activityReference: column(23), activityNumber: int(4), position: int(6)),
                activityRef: References.activity(reference: column(23), number: int(4)))
            collected.withLockedValue { $0.append(line) }
        }
        return collected.withLockedValue { $0 }
    }

    /// Writes `lines` as closing number `closing` of the period, in the caller's transaction.
    static func write(_ lines: [SnapshotLine], periodID: Int, closing: Int, on sql: any SQLDatabase) async throws {
        let rows = lines.map { line -> [BulkValue] in
            [.int(periodID), .int(closing), .int(line.milestoneID), .int(line.areaID), .text(line.areaName), .int(line.areaPosition),
             .int(line.activityNumber), .text(line.activityTitle), .int(line.position), .text(line.title), .text(line.leads),
             .text(line.deadlineText), .text(line.dueDate), .text(line.revisedDeadlineText), .text(line.revisedDueDate), .int(line.revisionCount),
             .text(line.lifecycle), .text(line.status?.rawValue), .text(line.statusAgainstRevised?.rawValue), .text(line.statusReason),
             .text(line.forecastDate), .text(line.completedDate), .text(line.commentary), .text(line.schemeStatus), .text(line.decidedReason), .text(line.storedRef), .text(line.activityRef)]
        }
        // Well under SQLite's 32,766 bound parameters per statement.
        for start in stride(from: 0, to: rows.count, by: 1000) {
            try await BulkInsert(db: sql).insert(into: "period_snapshots", columns: columns, rows: Array(rows[start..<min(start + 1000, rows.count)]))
        }
    }

    /// The lines of one closing of a period, in the plan's order.
    static func read(periodID: Int, closing: Int, on sql: any SQLDatabase) async throws -> [SnapshotLine] {
        let names = Array(columns.dropFirst(2))
        let collected = NIOLockedValueBox<[SnapshotLine]>([])
        try await TextRows(db: sql).forEach("""
            SELECT \(names.joined(separator: ", ")) FROM period_snapshots WHERE period_id = $1 AND closing = \(closing)
            ORDER BY area_position, area_id, activity_number, position, milestone_id
            """, planID: periodID, columns: names) { column in
            func int(_ i: Int) -> Int { column(i).flatMap { Int($0) } ?? 0 }
            let line = SnapshotLine(
                milestoneID: int(0), areaID: int(1), areaName: column(2) ?? "", areaPosition: int(3), activityNumber: int(4),
                activityTitle: column(5) ?? "", position: int(6), title: column(7) ?? "", leads: column(8) ?? "", deadlineText: column(9) ?? "",
                dueDate: column(10), revisedDeadlineText: column(11), revisedDueDate: column(12), revisionCount: int(13), lifecycle: column(14) ?? "",
                status: column(15).flatMap(MilestoneStatus.init(rawValue:)), statusAgainstRevised: column(16).flatMap(MilestoneStatus.init(rawValue:)),
                statusReason: column(17) ?? "", forecastDate: column(18), completedDate: column(19), commentary: column(20),
                schemeStatus: column(21), decidedReason: column(22), storedRef: column(23), activityRef: column(24))
            collected.withLockedValue { $0.append(line) }
        }
        return collected.withLockedValue { $0 }
    }
}
