import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import WaymarkCore

/// One row of a status table: an activity, an area, or the whole plan.
struct StatusRow: Codable, Sendable, Equatable {
    var areaID: Int?
    var activityID: Int? = nil
    var activityNumber: Int? = nil
    var name: String
    var counts: StatusCounts
    /// The plan's scheme's codes, in its order, so every one is given a count, zeros included.
    var schemeCodes: [String] = StatusScheme.standard.statuses.map(\.code)

    var percentComplete: Int? { counts.percentComplete }
    var percentCompletedOrOnTarget: Int? { counts.percentCompletedOrOnTarget }

    enum CodingKeys: String, CodingKey {
        case areaID = "area_id", activityID = "activity_id", activityNumber = "activity_number", name, completed, onTarget = "on_target", delayed, overdue, withdrawn, active
        case byDecision = "by_decision", statuses
        case percentComplete = "percent_complete", percentCompletedOrOnTarget = "percent_completed_or_on_target"
    }

    init(areaID: Int?, activityID: Int? = nil, activityNumber: Int? = nil, name: String, counts: StatusCounts,
         schemeCodes: [String] = StatusScheme.standard.statuses.map(\.code)) {
        self.schemeCodes = schemeCodes
        self.areaID = areaID
        self.activityID = activityID
        self.activityNumber = activityNumber
        self.name = name
        self.counts = counts
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(areaID, forKey: .areaID)
        try c.encodeIfPresent(activityID, forKey: .activityID)
        try c.encodeIfPresent(activityNumber, forKey: .activityNumber)
        try c.encode(name, forKey: .name)
        try c.encode(counts.completed, forKey: .completed)
        try c.encode(counts.onTarget, forKey: .onTarget)
        try c.encode(counts.delayed, forKey: .delayed)
        try c.encode(counts.overdue, forKey: .overdue)
        try c.encode(counts.withdrawn, forKey: .withdrawn)
        try c.encode(counts.decided, forKey: .byDecision)
        try c.encode(Dictionary(uniqueKeysWithValues: schemeCodes.map { ($0, counts[code: $0]) }), forKey: .statuses)
        try c.encode(counts.active, forKey: .active)
        try c.encode(percentComplete, forKey: .percentComplete)
        try c.encode(percentCompletedOrOnTarget, forKey: .percentCompletedOrOnTarget)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        areaID = try c.decodeIfPresent(Int.self, forKey: .areaID)
        activityID = try c.decodeIfPresent(Int.self, forKey: .activityID)
        activityNumber = try c.decodeIfPresent(Int.self, forKey: .activityNumber)
        name = try c.decode(String.self, forKey: .name)
        counts = StatusCounts(completed: try c.decode(Int.self, forKey: .completed), onTarget: try c.decode(Int.self, forKey: .onTarget),
                              delayed: try c.decode(Int.self, forKey: .delayed), overdue: try c.decode(Int.self, forKey: .overdue),
                              withdrawn: try c.decode(Int.self, forKey: .withdrawn))
        counts.decided = try c.decodeIfPresent(Int.self, forKey: .byDecision) ?? 0
        if let byCode = try c.decodeIfPresent([String: Int].self, forKey: .statuses) {
            counts.byCode = byCode.filter { $0.value > 0 }
            schemeCodes = byCode.keys.sorted()
        }
    }
}

/// A plan's statuses on one day, per area and in total.
struct PlanStatusReport: Codable, Sendable {
    var planID: Int
    var planTitle: String
    var asOf: String
    var areas: [StatusRow]
    var activities: [StatusRow]
    var total: StatusRow
    var summary: String
    var scheme: String = StatusScheme.standard.code
    /// The scheme's statuses, in its order: what the codes in each row's `statuses` mean.
    var statuses: [SchemeStatusListing] = SchemeStatusListing.all(.standard)
    /// The scheme itself, for pages and the command line; the API gives `scheme` and `statuses`.
    var fullScheme: StatusScheme = .standard

    enum CodingKeys: String, CodingKey {
        case planID = "plan_id", planTitle = "plan_title", asOf = "as_of", areas, activities, total, summary, scheme, statuses
    }
}

enum PlanStatusService {
    /// Reads every milestone's dates as text and applies the plan's scheme to each.
    static func report(for plan: Plan, asOf: CalendarDate, on db: any Database, cache: ReportCache? = nil) async throws -> PlanStatusReport {
        guard let cache else { return try await compute(for: plan, asOf: asOf, on: db) }
        let key = ReportCache.Key(planID: try plan.requireID(), version: plan.dataVersion, asOf: asOf, kind: "status")
        return try await cache.value(key) { try await compute(for: plan, asOf: asOf, on: db) }
    }

    private static func compute(for plan: Plan, asOf: CalendarDate, on db: any Database) async throws -> PlanStatusReport {
        let planID = try plan.requireID()
        let sql = db.sql
        // Counted per activity; areas and the plan are sums of those.
        let tally = NIOLockedValueBox<[Int: StatusCounts]>([:])
        let active = MilestoneLifecycle.active.rawValue
        let scheme = plan.scheme
        try await TextRows(db: sql).forEach(
            "SELECT activity_id, lifecycle, deadline_kind, due_date, forecast_date, completed_date, decided_status FROM milestones WHERE plan_id = $1",
            planID: planID, columns: ["activity_id", "lifecycle", "deadline_kind", "due_date", "forecast_date", "completed_date", "decided_status"]
        ) { column in
            guard let activityID = column(0).flatMap({ Int($0) }) else { return }
            var status: StatusScheme.Status?
            if column(1) == active {
                // Only the due date decides a status; the rest of the deadline is not read here.
                let facts = MilestoneFacts(deadline: Deadline(stored: "", kind: column(2), earliestStart: nil, due: column(3), checkpoints: nil),
                                           storedForecast: column(4), storedCompletion: column(5))
                status = scheme.assess(facts, asOf: asOf, decision: column(6)).status
            }
            tally.withLockedValue { $0[activityID, default: StatusCounts()].add(inScheme: status) }
        }
        return try await assemble(plan: plan, asOf: asOf, byActivity: tally.withLockedValue { $0 }, on: db)
    }

    /// Areas, activities and the plan from counts per activity, however those were worked out.
    static func assemble(plan: Plan, asOf: CalendarDate, byActivity: [Int: StatusCounts], on db: any Database) async throws -> PlanStatusReport {
        let planID = try plan.requireID()
        let sql = db.sql
        struct AreaRow: Decodable { var id: Int; var name: String }
        let areas = try await sql.select().columns("id", "name").from("areas").where("plan_id", .equal, planID)
            .orderBy("position").orderBy("id").all(decoding: AreaRow.self)
        struct ActivityRow: Decodable { var id: Int; var area_id: Int; var number: Int; var title: String }
        let activities = try await sql.select().columns("id", "area_id", "number", "title").from("activities")
            .where("plan_id", .equal, planID).orderBy("number").all(decoding: ActivityRow.self)
        let areaOfActivity = Dictionary(activities.map { ($0.id, $0.area_id) }, uniquingKeysWith: { a, _ in a })
        var counts: [Int: StatusCounts] = [:]
        for (activityID, activityCounts) in byActivity {
            if let areaID = areaOfActivity[activityID] { counts[areaID, default: StatusCounts()] = counts[areaID, default: StatusCounts()] + activityCounts }
        }
        let scheme = plan.scheme, codes = scheme.statuses.map(\.code)
        let activityRows = activities.map {
            StatusRow(areaID: $0.area_id, activityID: $0.id, activityNumber: $0.number, name: $0.title, counts: byActivity[$0.id] ?? StatusCounts(), schemeCodes: codes)
        }
        let rows = areas.map { StatusRow(areaID: $0.id, name: $0.name, counts: counts[$0.id] ?? StatusCounts(), schemeCodes: codes) }
        let total = rows.reduce(StatusCounts()) { $0 + $1.counts }
        return PlanStatusReport(planID: planID, planTitle: plan.title, asOf: asOf.iso, areas: rows, activities: activityRows,
                                total: StatusRow(areaID: nil, name: "Total", counts: total, schemeCodes: codes), summary: total.summary(in: scheme),
                                scheme: scheme.code, statuses: SchemeStatusListing.all(scheme), fullScheme: scheme)
    }
}
