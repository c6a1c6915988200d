import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// One row of a status table: an area, or the whole plan.
struct StatusRow: Codable, Sendable, Equatable {
    var areaID: Int?
    var name: String
    var counts: StatusCounts

    var percentComplete: Int? { counts.percentComplete }
    var percentCompletedOrOnTarget: Int? { counts.percentCompletedOrOnTarget }

    enum CodingKeys: String, CodingKey {
        case areaID = "area_id", name, completed, onTarget = "on_target", delayed, overdue, withdrawn, active
        case percentComplete = "percent_complete", percentCompletedOrOnTarget = "percent_completed_or_on_target"
    }

    init(areaID: Int?, name: String, counts: StatusCounts) {
        self.areaID = areaID
        self.name = name
        self.counts = counts
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(areaID, forKey: .areaID)
        try c.encode(name, forKey: .name)
        try c.encode(counts.completed, forKey: .completed)
        try c.encode(counts.onTarget, forKey: .onTarget)
        try c.encode(counts.delayed, forKey: .delayed)
        try c.encode(counts.overdue, forKey: .overdue)
        try c.encode(counts.withdrawn, forKey: .withdrawn)
        try c.encode(counts.active, forKey: .active)
        try c.encode(percentComplete, forKey: .percentComplete)
        try c.encode(percentCompletedOrOnTarget, forKey: .percentCompletedOrOnTarget)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        areaID = try c.decodeIfPresent(Int.self, forKey: .areaID)
        name = try c.decode(String.self, forKey: .name)
        counts = StatusCounts(completed: try c.decode(Int.self, forKey: .completed), onTarget: try c.decode(Int.self, forKey: .onTarget),
                              delayed: try c.decode(Int.self, forKey: .delayed), overdue: try c.decode(Int.self, forKey: .overdue),
                              withdrawn: try c.decode(Int.self, forKey: .withdrawn))
    }
}

/// A plan's statuses on one day, per area and in total.
struct PlanStatusReport: Codable, Sendable {
    var planID: Int
    var planTitle: String
    var asOf: String
    var areas: [StatusRow]
    var total: StatusRow
    var summary: String

    enum CodingKeys: String, CodingKey {
        case planID = "plan_id", planTitle = "plan_title", asOf = "as_of", areas, total, summary
    }
}

enum PlanStatusService {
    /// Identical milestones (same area, deadline, dates, lifecycle) are counted together in SQL,
    /// so the rules in `StatusRules` run once per distinct case rather than once per row.
    static func report(for plan: Plan, asOf: CalendarDate, on db: any Database) async throws -> PlanStatusReport {
        let planID = try plan.requireID()
        let sql = db as! any SQLDatabase
        struct AreaRow: Decodable { var id: Int; var name: String }
        let areas = try await sql.select().columns("id", "name").from("areas").where("plan_id", .equal, planID)
            .orderBy("position").orderBy("id").all(decoding: AreaRow.self)

        struct Group: Decodable {
            var area_id: Int; var deadline_kind: String; var due_date: String?; var forecast_date: String?
            var completed_date: String?; var lifecycle: String; var n: Int
        }
        let groups = try await sql.raw("""
            SELECT a.area_id, m.deadline_kind, m.due_date, m.forecast_date, m.completed_date, m.lifecycle, COUNT(*) AS n
            FROM milestones m JOIN activities a ON a.id = m.activity_id
            WHERE m.plan_id = \(bind: planID)
            GROUP BY a.area_id, m.deadline_kind, m.due_date, m.forecast_date, m.completed_date, m.lifecycle
            """).all(decoding: Group.self)

        var counts: [Int: StatusCounts] = [:]
        for group in groups {
            var status: MilestoneStatus? = nil
            if group.lifecycle == MilestoneLifecycle.active.rawValue {
                let facts = MilestoneFacts(
                    deadline: Deadline(written: "", kind: Deadline.Kind(rawValue: group.deadline_kind) ?? .noFixedDate,
                                       due: group.due_date.flatMap { CalendarDate(iso: $0) }),
                    forecast: group.forecast_date.flatMap { CalendarDate(iso: $0) },
                    completedOn: group.completed_date.flatMap { CalendarDate(iso: $0) })
                status = StatusRules.assess(facts, asOf: asOf).status
            }
            var areaCounts = counts[group.area_id, default: StatusCounts()]
            if let status { areaCounts[status] += group.n } else { areaCounts.withdrawn += group.n }
            counts[group.area_id] = areaCounts
        }
        let rows = areas.map { StatusRow(areaID: $0.id, name: $0.name, counts: counts[$0.id] ?? StatusCounts()) }
        let total = rows.reduce(StatusCounts()) { $0 + $1.counts }
        return PlanStatusReport(planID: planID, planTitle: plan.title, asOf: asOf.iso, areas: rows,
                                total: StatusRow(areaID: nil, name: "Total", counts: total), summary: total.summary)
    }
}
