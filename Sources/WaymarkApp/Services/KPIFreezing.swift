import Fluent
import Foundation
import WaymarkCore

/// Freezes the thresholds of a plan's KPI values in a reporting period when it closes, so a
/// target or tolerance changed later never re-colours what the Board was shown.
enum KPIFreezing {
    /// Returns how many values were frozen.
    @discardableResult
    static func freeze(planID: Int, period: PlanReportingPeriod, on tx: any Database) async throws -> Int {
        let kpis = try await KPI.query(on: tx).filter(\.$plan.$id == planID).all()
        guard !kpis.isEmpty else { return 0 }
        let start = CalendarDate(iso: period.startsOn), end = CalendarDate(iso: period.endsOn)
        // One read of every unfrozen value of the plan's KPIs, not one per KPI.
        let byKPI = Dictionary(grouping: try await KPIValue.query(on: tx).filter(\.$kpi.$id ~~ kpis.compactMap(\.id)).filter(\.$frozen == nil).all(),
                               by: { $0.$kpi.id })
        var frozen = 0
        for kpi in kpis {
            for row in byKPI[try kpi.requireID()] ?? [] {
                let inPeriod: Bool
                if kpi.frequency == .monthly, let month = KPIMonth(parsing: row.period), let start, let end {
                    inPeriod = month.lies(within: start, end)
                } else {
                    inPeriod = row.period.caseInsensitiveCompare(period.label) == .orderedSame
                }
                guard inPeriod else { continue }
                row.frozen = FrozenThresholds.encode(KPIReport.thresholds(kpi, row))
                try await row.save(on: tx)
                frozen += 1
            }
        }
        return frozen
    }
}
