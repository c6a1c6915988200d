import Fluent
import Foundation
import WaymarkCore

/// The measurable outcomes a Board report shows for its period, area by area: each KPI's value
/// for the period against its target, its benchmark and direction. In a final report (the
/// period closed) a value not yet signed off is shown as waiting for sign-off, never as a figure.
struct PeriodOutcome: Sendable {
    var area: String?
    var kpi: String
    var unit: KPIUnit
    var value: String?
    var target: String?
    var rating: KPIRating
    var direction: KPIDirection
    var benchmark: String?
    var commentary: String
    var awaitingSignOff: Bool

    static let headers = ["Area", "KPI", "Value", "Target", "Rating", "Direction of travel", "Benchmark", "Commentary"]

    static func load(planID: Int, period: String, final: Bool, at moment: Date? = nil, on db: any Database) async throws -> [PeriodOutcome] {
        let report = try await KPIReport.load(planID: planID, period: period, at: moment, on: db)
        let order = Dictionary(try await Area.query(on: db).filter(\.$plan.$id == planID).all().map { ($0.name, $0.position) }, uniquingKeysWith: { a, _ in a })
        return report.kpis.compactMap { kpi -> PeriodOutcome? in
            guard let point = kpi.current else { return nil }
            let hidden = final && point.provisional
            let benchmark = kpi.benchmarks.first.map { "\(ExactNumber(parsing: $0.value).map(kpi.unit.format) ?? $0.value) (\($0.source))" }
            return PeriodOutcome(area: kpi.area, kpi: kpi.name, unit: kpi.unit, value: hidden ? nil : point.value, target: point.target,
                                 rating: hidden ? .noData : point.rating, direction: hidden ? .none : point.direction, benchmark: benchmark,
                                 commentary: hidden ? "" : point.commentary, awaitingSignOff: point.provisional)
        }.sorted { (order[$0.area ?? ""] ?? Int.max, $0.kpi) < (order[$1.area ?? ""] ?? Int.max, $1.kpi) }
    }

    func shown(_ text: String?) -> String { text.flatMap(ExactNumber.init(parsing:)).map(unit.format) ?? "" }

    /// One row for the spreadsheet and CSV: values as their exact decimal, words elsewhere.
    var cells: [XLSXWriter.Cell] {
        [.text(area ?? "Whole plan"), .text(kpi), value.map(XLSXWriter.Cell.text) ?? .text(awaitingSignOff ? "Awaiting sign-off" : ""),
         .text(target ?? ""), .text(rating.label), .text(direction == .none ? "" : direction.label), .text(benchmark ?? ""), .text(commentary)]
    }
}
