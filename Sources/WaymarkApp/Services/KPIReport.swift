import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import WaymarkCore

/// A plan's measurable outcomes as read: each KPI's values in order, rated against their targets
/// and compared with the value before. Used by the pages, the API and `waymark kpis`.
struct KPIReport: Sendable, Codable {
    struct Point: Sendable, Codable {
        /// "2017-04" or "Q3 2017-18", as stored.
        var period: String
        var value: String?
        var target: String?
        var rating: KPIRating
        var direction: KPIDirection
        var provisional: Bool
        var commentary: String
    }

    struct Benchmark: Sendable, Codable {
        var source: String
        var value: String
        var asOf: String?

        enum CodingKeys: String, CodingKey {
            case source, value
            case asOf = "as_of"
        }
    }

    struct Row: Sendable, Codable, Content {
        var id: Int
        var name: String
        var area: String?
        var unit: KPIUnit
        var polarity: KPIPolarity
        var frequency: KPIFrequency
        var owner: String?
        var values: [Point]
        var benchmarks: [Benchmark]
        /// The chosen period's point, or the latest with a value.
        var current: Point?
    }

    var planID: Int
    var kpis: [Row]

    /// A stored value as the report reads it: read with one plain query rather than as models,
    /// since a plan may hold tens of thousands.
    struct StoredValue: Sendable {
        var id: Int
        var kpiID: Int
        var period: String
        var value: String?
        var target: String?
        var tolerance: String?
        var commentary: String
        var provisional: Bool
        var frozen: String?

        var number: ExactNumber? { value.flatMap(ExactNumber.init(parsing:)) }
        var targetNumber: ExactNumber? { target.flatMap(ExactNumber.init(parsing:)) }
    }

    /// - Parameter period: a reporting period's label; monthly KPIs are rolled up into it.
    /// - Parameter only: one KPI's id, for its own page, rather than the whole plan's.
    /// - Parameter at: a past moment, to show the KPIs as they stood then (`rewind`).
    static func load(planID: Int, period: String? = nil, only: Int? = nil, at moment: Date? = nil, on db: any Database) async throws -> KPIReport {
        var query = KPI.query(on: db).filter(\.$plan.$id == planID)
        if let only { query = query.filter(\.$id == only) }
        var kpis = try await query.with(\.$area).with(\.$owner).sort(\.$name).all()
        guard !kpis.isEmpty else { return KPIReport(planID: planID, kpis: []) }
        var values = try await storedValues(planID: planID, only: only, on: db)
        if let moment { (kpis, values) = try await rewind(kpis, values, planID: planID, to: moment, on: db) }
        let ids = kpis.compactMap(\.id)
        let benchmarks = try await KPIBenchmark.query(on: db).filter(\.$kpi.$id ~~ ids).sort(\.$source).all()
        let periods = try await PlanReportingPeriod.query(on: db).filter(\.$plan.$id == planID).all()
        let chosen = period.flatMap { label in periods.first { $0.label.caseInsensitiveCompare(label) == .orderedSame } }
        // Each period's place in time, worked out once rather than in every comparison.
        var places: [String: String] = [:]
        for value in values where places[value.period] == nil { places[value.period] = order(value.period, periods) }
        let byKPI = Dictionary(grouping: values, by: \.kpiID)
        let benchmarksByKPI = Dictionary(grouping: benchmarks, by: { $0.$kpi.id })
        let rows = try kpis.map { kpi -> Row in
            let id = try kpi.requireID()
            let points = Self.points(kpi, (byKPI[id] ?? []).sorted { places[$0.period, default: ""] < places[$1.period, default: ""] })
            let current: Point?
            if let label = period {
                current = Self.point(for: label, chosen: chosen, kpi: kpi, points: points)
            } else {
                current = points.last { $0.value != nil } ?? points.last
            }
            return Row(id: id, name: kpi.name, area: kpi.area?.name, unit: kpi.unit, polarity: kpi.polarity, frequency: kpi.frequency,
                       owner: kpi.owner?.name, values: points,
                       benchmarks: (benchmarksByKPI[id] ?? []).map { Benchmark(source: $0.source, value: $0.value, asOf: $0.asOf) }, current: current)
        }
        return KPIReport(planID: planID, kpis: rows)
    }

    static func storedValues(planID: Int, only: Int?, on db: any Database) async throws -> [StoredValue] {
        let columns = ["id", "kpi_id", "period", "value", "target", "tolerance", "commentary", "provisional", "frozen"]
        let collected = NIOLockedValueBox<[StoredValue]>([])
        try await TextRows(db: db.sql).forEach("""
            SELECT v.id, v.kpi_id, v.period, v.value, v.target, v.tolerance, v.commentary,
                   CASE WHEN v.provisional THEN 'yes' ELSE 'no' END AS provisional, v.frozen
            FROM kpi_values v JOIN kpis k ON k.id = v.kpi_id WHERE k.plan_id = $1\(only.map { " AND k.id = \($0)" } ?? "")
            """, planID: planID, columns: columns) { column in
            let value = StoredValue(id: Int(column(0) ?? "") ?? 0, kpiID: Int(column(1) ?? "") ?? 0, period: column(2) ?? "", value: column(3),
                                    target: column(4), tolerance: column(5), commentary: column(6) ?? "", provisional: column(7) == "yes", frozen: column(8))
            collected.withLockedValue { $0.append(value) }
        }
        return collected.withLockedValue { $0 }
    }

    /// Each value rated by the thresholds frozen with it, or else those in force, and compared with
    /// the one before.
    static func points(_ kpi: KPI, _ rows: [StoredValue]) -> [Point] {
        var previous: ExactNumber?
        return rows.map { row in
            let number = row.number
            let thresholds = thresholds(kpi, target: row.targetNumber, tolerance: row.tolerance, frozen: row.frozen)
            let point = Point(period: row.period, value: row.value, target: row.target, rating: thresholds.rating(of: number),
                              direction: thresholds.direction(from: previous, to: number), provisional: row.provisional, commentary: row.commentary)
            if number != nil { previous = number }
            return point
        }
    }

    static func thresholds(_ kpi: KPI, _ row: KPIValue) -> KPIThresholds {
        thresholds(kpi, target: row.targetNumber, tolerance: row.tolerance, frozen: row.frozen)
    }

    static func thresholds(_ kpi: KPI, target: ExactNumber?, tolerance: String?, frozen: String?) -> KPIThresholds {
        if let frozen = frozen.flatMap(FrozenThresholds.decode) { return frozen }
        return KPIThresholds(polarity: kpi.polarity, target: target,
                             tolerance: tolerance.flatMap(KPITolerance.init(parsing:)) ?? kpi.toleranceRule, band: kpi.bandRule)
    }

    /// The value for a reporting period: its own row, or a monthly KPI's months in it rolled up.
    static func point(for label: String, chosen: PlanReportingPeriod?, kpi: KPI, points: [Point]) -> Point {
        if kpi.frequency != .monthly || chosen == nil {
            return points.first { $0.period.caseInsensitiveCompare(label) == .orderedSame }
                ?? Point(period: label, rating: .noData, direction: .none, provisional: false, commentary: "")
        }
        let start = chosen.flatMap { CalendarDate(iso: $0.startsOn) }, end = chosen.flatMap { CalendarDate(iso: $0.endsOn) }
        let months = points.filter { point in
            guard let month = KPIMonth(parsing: point.period), let start, let end else { return false }
            return month.lies(within: start, end)
        }
        let combined = kpi.rollUp.combine(months.map { $0.value.flatMap(ExactNumber.init(parsing:)) })
        let target = months.last { $0.target != nil }?.target.flatMap(ExactNumber.init(parsing:))
        let thresholds = KPIThresholds(polarity: kpi.polarity, target: target, tolerance: kpi.toleranceRule, band: kpi.bandRule)
        return Point(period: label, value: combined?.description, target: target?.description, rating: thresholds.rating(of: combined),
                     direction: .none, provisional: months.contains(where: \.provisional), commentary: months.last?.commentary ?? "")
    }

    /// A period as people read it: "Nov 2026" for a month, a reporting period's label as it is.
    static func label(_ period: String) -> String {
        if period.count == 7, period.dropFirst(4).first == "-", let month = KPIMonth(parsing: period) { return month.description }
        return period
    }

    /// Periods in time: months by themselves, reporting periods by their dates, anything else after.
    static func order(_ period: String, _ periods: [PlanReportingPeriod]) -> String {
        if let month = KPIMonth(parsing: period) { return month.iso + "-01" }
        if let known = periods.first(where: { $0.label.caseInsensitiveCompare(period) == .orderedSame }) { return known.startsOn }
        if case .success(let parsed) = ReportingPeriod.parse(period) { return parsed.start.iso }
        if let year = Int(period.prefix(4)), period.count >= 4 { return "\(year)-04-01~" + period }
        return "9999~" + period
    }
}

/// The thresholds in force when a period closed, kept with the value as JSON.
enum FrozenThresholds {
    struct Stored: Codable {
        var polarity: KPIPolarity
        var target: String?
        var tolerance: String
        var band: String
    }

    static func encode(_ t: KPIThresholds) -> String {
        let stored = Stored(polarity: t.polarity, target: t.target?.description, tolerance: t.tolerance.description, band: t.band.description)
        return String(decoding: (try? JSONEncoder().encode(stored)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> KPIThresholds? {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else { return nil }
        return KPIThresholds(polarity: stored.polarity, target: stored.target.flatMap(ExactNumber.init(parsing:)),
                             tolerance: KPITolerance(parsing: stored.tolerance) ?? .none, band: KPITolerance(parsing: stored.band) ?? .none)
    }
}
