import Fluent
import Foundation
import WaymarkCore

extension KPIReport {
    /// KPIs and their values as they stood at `moment`, rebuilt from the audit trail: every KPI and
    /// value change after it is undone, newest first, and what was added after it is taken away.
    /// The models are changed in memory only, never saved.
    static func rewind(_ kpis: [KPI], _ values: [StoredValue], planID: Int, to moment: Date, on db: any Database) async throws -> ([KPI], [StoredValue]) {
        let later = try await AuditEvent.query(on: db).filter(\.$planID == planID).filter(\.$entity ~~ ["kpi", "kpi_value"])
            .filter(\.$occurredAt > moment).sort(\.$id, .descending).all()
        var kpis = kpis, values = values
        for event in later {
            guard let id = event.entityID else { continue }
            let before = event.beforeValues.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            if event.entity == "kpi_value" {
                guard let at = values.firstIndex(where: { $0.id == id }) else { continue }
                guard let before else { values.remove(at: at); continue }
                values[at].value = before["value"].flatMap { $0.isEmpty ? nil : $0 }
                values[at].target = before["target"].flatMap { $0.isEmpty ? nil : $0 }
                values[at].tolerance = before["tolerance"].flatMap { $0.isEmpty ? nil : $0 }
                values[at].commentary = before["commentary"] ?? values[at].commentary
                values[at].provisional = before["provisional"].map { $0 == "yes" } ?? values[at].provisional
            } else if event.action == "kpi.created" {
                kpis.removeAll { $0.id == id }
                values.removeAll { $0.kpiID == id }
            } else if let before, let kpi = kpis.first(where: { $0.id == id }) {
                kpi.name = before["name"] ?? kpi.name
                kpi.unit = before["unit"].flatMap(KPIUnit.init(rawValue:)) ?? kpi.unit
                kpi.polarity = before["polarity"].flatMap(KPIPolarity.init(rawValue:)) ?? kpi.polarity
                kpi.frequency = before["frequency"].flatMap(KPIFrequency.init(rawValue:)) ?? kpi.frequency
                kpi.rollUp = before["roll_up"].flatMap(KPIRollUp.init(rawValue:)) ?? kpi.rollUp
                kpi.tolerance = before["tolerance"] ?? kpi.tolerance
                kpi.band = before["band"] ?? kpi.band
            }
        }
        return (kpis, values)
    }
}
