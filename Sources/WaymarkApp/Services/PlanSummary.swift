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

    static func all(on db: any Database) async throws -> [PlanSummary] {
        try await query(on: db, planID: nil)
    }

    static func one(_ id: Int, on db: any Database) async throws -> PlanSummary? {
        try await query(on: db, planID: id).first
    }

    private static func query(on db: any Database, planID: Int?) async throws -> [PlanSummary] {
        let sql = db.sql
        let filter: SQLQueryString = planID.map { "WHERE p.id = \(bind: $0)" } ?? ""
        return try await sql.raw("""
            SELECT p.id, p.title, p.period_label AS period, p.period_start, p.period_end, p.state,
              (SELECT COUNT(*) FROM areas a WHERE a.plan_id = p.id) AS areas,
              (SELECT COUNT(*) FROM activities a WHERE a.plan_id = p.id) AS activities,
              (SELECT COUNT(*) FROM milestones m WHERE m.plan_id = p.id AND m.lifecycle = \(bind: MilestoneLifecycle.active.rawValue)) AS milestones
            FROM plans p \(filter) ORDER BY p.id
            """).all(decoding: PlanSummary.self)
    }
}
