import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Writes measurable outcomes read from a file into a plan: all of it in one transaction, or none.
///
/// KPIs are matched by name, values by KPI and period, benchmarks by source, so importing the same
/// file twice changes nothing. A value of a closed period is frozen with its Board pack: a file that
/// would change one is refused, naming the line.
struct KPIImportService {
    let db: any Database
    let actor: String

    struct Outcome: Sendable, Equatable {
        var addedKPIs = 0, changedKPIs = 0, unchangedKPIs = 0
        var addedValues = 0, changedValues = 0, unchangedValues = 0
        var benchmarks = 0

        var summary: String {
            "\(Plural.count(addedKPIs, "KPI")) added, \(changedKPIs) changed, \(unchangedKPIs) unchanged; "
                + "\(Plural.count(addedValues, "value")) added, \(changedValues) changed, \(unchangedValues) unchanged"
                + (benchmarks > 0 ? "; \(Plural.count(benchmarks, "benchmark")) added or changed" : "")
        }
    }

    func run(_ document: KPIDocument, planID: Int, fileName: String) async throws -> Outcome {
        let outcome = try await write(document, planID: planID, fileName: fileName)
        WaymarkMetrics.imported(.kpis, rows: document.kpis.reduce(0) { $0 + $1.periods.count })
        return outcome
    }

    private func write(_ document: KPIDocument, planID: Int, fileName: String) async throws -> Outcome {
        if let problem = TextLimit.title.problem(fileName, label: "The file's name") {
            throw PlanImportService.Refused(reason: problem + "; rename the file and import it again. Nothing was imported.")
        }
        return try await db.writeTransaction { tx in
            try await RowGuards.lock("plans", id: planID, on: tx)
            let areas = try await Area.query(on: tx).filter(\.$plan.$id == planID).all()
            let people = try await Person.query(on: tx).all()
            let closed = try await PlanReportingPeriod.query(on: tx).filter(\.$plan.$id == planID).filter(\.$state == .closed).all()
            var problems: [ImportProblem] = []
            var outcome = Outcome()
            for definition in document.kpis {
                let problemsBefore = problems.count
                var areaID: Int?, ownerID: Int?
                if let name = definition.area {
                    if let area = areas.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { areaID = area.id } else {
                        problems.append(ImportProblem(line: definition.line, field: "Area", message: "there is no area called \"\(name)\" in this plan; its areas are "
                            + areas.sorted { $0.position < $1.position }.map { "\"\($0.name)\"" }.joined(separator: ", ")))
                    }
                }
                if let name = definition.owner {
                    if let person = people.first(where: { $0.nameKey == LeadNames.key(name) }) { ownerID = person.id } else {
                        problems.append(ImportProblem(line: definition.line, field: "Owner", message: "there is no lead officer called \"\(name)\"; add them under Lead officers first"))
                    }
                }
                // Later KPIs are still checked, so the file's every problem is named at once.
                guard problems.count == problemsBefore else { continue }
                let kpi = try await saveDefinition(definition, planID: planID, areaID: areaID, ownerID: ownerID, on: tx, outcome: &outcome)
                let kpiID = try kpi.requireID()
                let existing = Dictionary(try await KPIValue.query(on: tx).filter(\.$kpi.$id == kpiID).all().map { ($0.period.lowercased(), $0) },
                                          uniquingKeysWith: { first, _ in first })
                for entry in definition.periods {
                    let row = existing[entry.period.lowercased()]
                    let changed = row.map { !Self.same($0, entry) } ?? true
                    if changed, let frozenIn = Self.closedPeriod(containing: entry.period, monthly: definition.frequency == .monthly, closed) {
                        problems.append(ImportProblem(line: entry.line, field: "Period", message: "\(frozenIn) is closed, so its values are frozen with its Board pack; "
                            + "reopen the period to change \(definition.name)'s value for \(entry.period)"))
                        continue
                    }
                    guard changed else { outcome.unchangedValues += 1; continue }
                    // As on the pages: a value rated RED says what is being done about it.
                    let thresholds = KPIThresholds(polarity: definition.polarity, target: entry.target, tolerance: entry.tolerance ?? definition.tolerance,
                                                   band: definition.band)
                    if thresholds.rating(of: entry.value) == .red, entry.commentary.isEmpty {
                        problems.append(ImportProblem(line: entry.line, field: "Commentary", message: "\(definition.name) is RED for \(entry.period) against its target: "
                            + "say in the commentary what is being done about it"))
                        continue
                    }
                    try await saveValue(entry, kpi: kpi, row: row, on: tx)
                    if row == nil { outcome.addedValues += 1 } else { outcome.changedValues += 1 }
                }
                for benchmark in definition.benchmarks {
                    let found = try await KPIBenchmark.query(on: tx).filter(\.$kpi.$id == kpiID).all()
                        .first { $0.source.caseInsensitiveCompare(benchmark.source) == .orderedSame }
                    if let found, found.number == benchmark.value, found.asOf == benchmark.asOf { continue }
                    let saved = found ?? KPIBenchmark()
                    saved.$kpi.id = kpiID
                    (saved.source, saved.value, saved.asOf) = (benchmark.source, benchmark.value.description, benchmark.asOf)
                    try await saved.save(on: tx)
                    outcome.benchmarks += 1
                }
            }
            // Every problem at once, and nothing written: the transaction is rolled back.
            guard problems.isEmpty else { throw ImportFailure(problems: problems) }
            if outcome.addedKPIs + outcome.changedKPIs + outcome.addedValues + outcome.changedValues + outcome.benchmarks > 0 {
                try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
                try await AuditLog.record(.init(actor: actor, action: "kpis.imported", entity: "plan", entityID: planID, planID: planID,
                                                summary: "Imported measurable outcomes from \(fileName): \(outcome.summary)"), on: tx)
            }
            return outcome
        }
    }

    private func saveDefinition(_ d: KPIDefinition, planID: Int, areaID: Int?, ownerID: Int?, on tx: any Database, outcome: inout Outcome) async throws -> KPI {
        let key = d.name.lowercased()
        let found = try await KPI.query(on: tx).filter(\.$plan.$id == planID).filter(\.$nameKey == key).first()
        let kpi = found ?? KPI()
        let before = found.map(Self.describe)
        kpi.$plan.id = planID
        (kpi.name, kpi.nameKey, kpi.unit, kpi.polarity, kpi.frequency, kpi.rollUp) = (d.name, key, d.unit, d.polarity, d.frequency, d.rollUp)
        kpi.$area.id = areaID
        kpi.$owner.id = ownerID ?? found?.$owner.id
        kpi.details = d.description ?? found?.details
        kpi.dataSource = d.dataSource ?? found?.dataSource
        (kpi.tolerance, kpi.band) = (d.tolerance.description, d.band.description)
        kpi.published = d.published ?? found?.published ?? false
        if found == nil {
            kpi.version = 1
            try await kpi.create(on: tx)
            outcome.addedKPIs += 1
            try await AuditLog.record(.init(actor: actor, action: "kpi.created", entity: "kpi", entityID: kpi.id, planID: planID,
                                            summary: "Added the KPI \(d.name)", after: Self.describe(kpi)), on: tx)
        } else if before != Self.describe(kpi) {
            kpi.version += 1
            try await kpi.save(on: tx)
            outcome.changedKPIs += 1
            try await AuditLog.record(.init(actor: actor, action: "kpi.updated", entity: "kpi", entityID: kpi.id, planID: planID,
                                            summary: "Changed the KPI \(d.name)", before: before, after: Self.describe(kpi)), on: tx)
        } else {
            outcome.unchangedKPIs += 1
        }
        return kpi
    }

    private func saveValue(_ entry: KPIPeriodEntry, kpi: KPI, row: KPIValue?, on tx: any Database) async throws {
        let value = row ?? KPIValue()
        let before = row.map(Self.describe)
        value.$kpi.id = try kpi.requireID()
        value.period = entry.period
        value.value = entry.value?.description
        value.target = entry.target?.description
        value.tolerance = entry.tolerance?.description
        value.commentary = entry.commentary
        value.provisional = entry.provisional
        value.version = (row?.version ?? 0) + 1
        try await value.save(on: tx)
        try await AuditLog.record(.init(actor: actor, action: "kpi_value.saved", entity: "kpi_value", entityID: value.id, planID: kpi.$plan.id,
                                        summary: "\(kpi.name), \(entry.period): \(entry.value.map { kpi.unit.format($0) } ?? "no value")",
                                        before: before, after: Self.describe(value)), on: tx)
    }

    static func same(_ row: KPIValue, _ entry: KPIPeriodEntry) -> Bool {
        row.number == entry.value && row.targetNumber == entry.target && row.tolerance.flatMap(KPITolerance.init(parsing:)) == entry.tolerance
            && row.commentary == entry.commentary && row.provisional == entry.provisional
    }

    /// The label of the closed reporting period a KPI period falls in, if any.
    static func closedPeriod(containing period: String, monthly: Bool, _ closed: [PlanReportingPeriod]) -> String? {
        if monthly, let month = KPIMonth(parsing: period) {
            return closed.first { p in
                guard let start = CalendarDate(iso: p.startsOn), let end = CalendarDate(iso: p.endsOn) else { return false }
                return month.lies(within: start, end)
            }?.label
        }
        return closed.first { $0.label.caseInsensitiveCompare(period) == .orderedSame }?.label
    }

    static func describe(_ kpi: KPI) -> String {
        AuditLog.json(["name": kpi.name, "unit": kpi.unit.rawValue, "polarity": kpi.polarity.rawValue, "frequency": kpi.frequency.rawValue,
                       "roll_up": kpi.rollUp.rawValue, "area_id": kpi.$area.id.map(String.init) ?? "", "owner_id": kpi.$owner.id.map(String.init) ?? "",
                       "tolerance": kpi.tolerance, "band": kpi.band, "description": kpi.details ?? "", "data_source": kpi.dataSource ?? "",
                       "published": kpi.published ? "yes" : "no"])
    }

    static func describe(_ value: KPIValue) -> String {
        AuditLog.json(["period": value.period, "value": value.value ?? "", "target": value.target ?? "", "tolerance": value.tolerance ?? "",
                       "commentary": value.commentary, "provisional": value.provisional ? "yes" : "no"])
    }
}
