import Fluent
import Foundation
import WaymarkCore

extension ReminderService {
    /// The KPIs each owner has no value for in the period, by person: a monthly KPI counts when any
    /// of the period's months has none.
    func kpisWithoutValues(planID: Int, period: PlanReportingPeriod) async throws -> [Int: (person: Person, kpis: [KPI])] {
        let kpis = try await KPI.query(on: db).filter(\.$plan.$id == planID).filter(\.$owner.$id != nil).with(\.$owner).sort(\.$name).all()
        guard !kpis.isEmpty, let start = CalendarDate(iso: period.startsOn), let end = CalendarDate(iso: period.endsOn) else { return [:] }
        let values = try await KPIValue.query(on: db).filter(\.$kpi.$id ~~ kpis.compactMap(\.id)).filter(\.$value != nil).all()
        let filled = Dictionary(grouping: values, by: { $0.$kpi.id }).mapValues { Set($0.map { $0.period.lowercased() }) }
        var months: [KPIMonth] = []
        var month = KPIMonth(year: start.year, month: start.month)
        while let current = month, current.lastDay <= end {
            months.append(current)
            month = current.month == 12 ? KPIMonth(year: current.year + 1, month: 1) : KPIMonth(year: current.year, month: current.month + 1)
        }
        var byOwner: [Int: (person: Person, kpis: [KPI])] = [:]
        for kpi in kpis {
            guard let owner = kpi.owner, let ownerID = owner.id, let id = kpi.id else { continue }
            let have = filled[id] ?? []
            let missing = kpi.frequency == .monthly ? months.contains { !have.contains($0.iso) } : !have.contains(period.label.lowercased())
            if missing { byOwner[ownerID, default: (owner, [])].kpis.append(kpi) }
        }
        return byOwner
    }

    static func kpiLines(_ kpis: [KPI], period: PlanReportingPeriod) -> String {
        kpis.map { "- \($0.name) (\($0.frequency == .monthly ? "each month of \(period.label)" : period.label))" }.joined(separator: "\n")
    }
}
