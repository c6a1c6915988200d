import Fluent
import SQLKit
import WaymarkCore

/// A plan with its size, for lists. Withdrawn milestones stay on record but are not counted,
/// as on the dashboard and in every report.
struct PlanSummary: Codable, Sendable {
    var id: Int
    var title: String
    var period: String?
    var periodStart: String?
    var periodEnd: String?
    var state: String
    var areas: Int
    var activities: Int
    var milestones: Int

    enum CodingKeys: String, CodingKey {
        case id, title, period, periodStart = "period_start", periodEnd = "period_end", state, areas, activities, milestones
    }

    /// - Parameter counts: keeps each plan's sizes for its data version, which every write moves
    ///   on, so the plans' list does not count a large plan's milestones on every request.
    static func all(on db: any Database, counts: ReportCache? = nil) async throws -> [PlanSummary] {
        try await query(on: db, planID: nil, counts: counts)
    }

    static func one(_ id: Int, on db: any Database, counts: ReportCache? = nil) async throws -> PlanSummary? {
        try await query(on: db, planID: id, counts: counts).first
    }

    private struct Head: Decodable {
        var id: Int, title: String, period: String?, period_start: String?, period_end: String?, state: String, data_version: Int
    }

    private struct Sizes: Decodable, Sendable {
        var areas: Int, activities: Int, milestones: Int
    }

    private static func query(on db: any Database, planID: Int?, counts: ReportCache?) async throws -> [PlanSummary] {
        let sql = db.sql
        let filter: SQLQueryString = planID.map { "WHERE p.id = \(bind: $0)" } ?? ""
        let heads = try await sql.raw("""
            SELECT p.id, p.title, p.period_label AS period, p.period_start, p.period_end, p.state, p.data_version FROM plans p \(filter) ORDER BY p.id
            """).all(decoding: Head.self)
        var summaries: [PlanSummary] = []
        for head in heads {
            let id = head.id
            let sizes: Sizes
            if let counts {
                sizes = try await counts.value(.init(planID: id, version: head.data_version, asOf: AsOf.today(), kind: "plan-sizes")) {
                    try await measure(id, on: sql)
                }
            } else {
                sizes = try await measure(id, on: sql)
            }
            summaries.append(PlanSummary(id: id, title: head.title, period: head.period, periodStart: head.period_start, periodEnd: head.period_end,
                                         state: head.state, areas: sizes.areas, activities: sizes.activities, milestones: sizes.milestones))
        }
        return summaries
    }

    private static func measure(_ planID: Int, on sql: any SQLDatabase) async throws -> Sizes {
        guard let sizes = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM areas a WHERE a.plan_id = \(bind: planID)) AS areas,
              (SELECT COUNT(*) FROM activities a WHERE a.plan_id = \(bind: planID)) AS activities,
              (SELECT COUNT(*) FROM milestones m WHERE m.plan_id = \(bind: planID) AND m.lifecycle = \(bind: MilestoneLifecycle.active.rawValue)) AS milestones
            """).first(decoding: Sizes.self) else { throw UnexpectedDatabaseAnswer("the plan's sizes came back with no row") }
        return sizes
    }
}
