import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Entering a KPI's value for a period, and signing off a provisional one. The one way values
/// change from the pages and the API: checked, in a transaction, audited.
struct KPIValueService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var period = ""
        var value = ""
        var target = ""
        var commentary = ""
        var provisional = false
        /// The version the person saw; nil for a period with no value yet.
        var version: Int?
    }

    func save(_ input: Input, kpiID: Int) async throws -> WriteResult<KPIValue> {
        guard let kpi = try await KPI.find(kpiID, on: db) else { throw WriteRefusal.notFound("KPI") }
        guard user.access.may(.updateKPI(owner: kpi.$owner.id)) else {
            throw WriteRefusal.forbidden("Only the KPI's owner and the performance team enter its values.")
        }
        var errors: [FieldError] = []
        var written = DelimitedText.collapseSpaces(input.period)
        if written.isEmpty { errors.append(.init(field: "period", message: "Enter the period, such as \"Q3 2017-18\"")) }
        if kpi.frequency == .monthly, !written.isEmpty {
            if let month = KPIMonth(parsing: written) { written = month.iso } else {
                errors.append(.init(field: "period", message: "Enter the month, such as \"Apr 2017\""))
            }
        }
        if let long = TextLimit.short.problem(written, label: "Period") { errors.append(.init(field: "period", message: long)) }
        let value = input.value.trimmingCharacters(in: .whitespaces).isEmpty ? nil : kpi.unit.parse(input.value)
        if value == nil, !input.value.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "value", message: "Enter the value as a \(kpi.unit == .yesNo ? "yes or no" : "number"), like \(kpi.unit == .yesNo ? "yes" : "40.5")"))
        }
        let target = input.target.trimmingCharacters(in: .whitespaces).isEmpty ? nil : kpi.unit.parse(input.target)
        if target == nil, !input.target.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "target", message: "Enter the target as a number, like 30"))
        }
        let commentary = input.commentary.replacingOccurrences(of: "\r\n", with: "\n")
        if let long = TextLimit.text.problem(commentary, label: "Commentary") { errors.append(.init(field: "commentary", message: long)) }
        guard errors.isEmpty else { return .invalid(errors) }
        let period = written
        return try await db.writeTransaction { tx in
            try await RowGuards.lock("kpis", id: kpiID, on: tx)
            let rows = try await KPIValue.query(on: tx).filter(\.$kpi.$id == kpiID).all()
            let existing = rows.first { $0.period.caseInsensitiveCompare(period) == .orderedSame }
            if let existing, existing.version != input.version {
                return try await .staleVersion(entity: "kpi_value", id: existing.id, version: existing.version, on: tx)
            }
            let closed = try await PlanReportingPeriod.query(on: tx).filter(\.$plan.$id == kpi.$plan.id).filter(\.$state == .closed).all()
            if let frozenIn = KPIImportService.closedPeriod(containing: period, monthly: kpi.frequency == .monthly, closed) {
                return .invalid("period", "\(frozenIn) is closed, so its values are frozen with its Board pack; reopen the period to change them")
            }
            let row = existing ?? KPIValue()
            let before = existing.map(KPIImportService.describe)
            row.$kpi.id = kpiID
            row.period = period
            row.value = value?.description
            // A new period without a target of its own keeps the one before it: targets change by year, not by entry.
            let periods = try await PlanReportingPeriod.query(on: tx).filter(\.$plan.$id == kpi.$plan.id).all()
            let earlier = rows.filter { KPIReport.order($0.period, periods) < KPIReport.order(period, periods) && $0.target != nil }
                .max { KPIReport.order($0.period, periods) < KPIReport.order($1.period, periods) }
            row.target = (target ?? existing?.targetNumber ?? earlier?.targetNumber)?.description
            row.commentary = commentary
            // Only the performance team's word makes a value final; anyone may mark one provisional.
            row.provisional = input.provisional || !user.access.may(.manageKPIs)
            if !row.provisional { (row.signedOffBy, row.signedOffAt) = (AuditLog.actor(user), Date().timeIntervalSince1970) }
            // A value rated RED says what is being done about it.
            if KPIReport.thresholds(kpi, row).rating(of: value) == .red, commentary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return .invalid("commentary", "This value is RED against its target: say in the commentary what is being done about it")
            }
            row.version = (existing?.version ?? 0) + 1
            try await row.save(on: tx)
            try await PlanDataVersion.bump(kpi.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "kpi_value.saved", entity: "kpi_value", entityID: row.id, planID: kpi.$plan.id,
                                            summary: "\(kpi.name), \(period): \(value.map { kpi.unit.format($0) } ?? "no value")\(row.provisional ? " (provisional)" : "")",
                                            before: before, after: KPIImportService.describe(row)), on: tx)
            return .saved(row)
        }
    }

    /// A performance officer's data-quality sign-off: the value stops being provisional.
    func signOff(valueID: Int, version: Int) async throws -> WriteResult<KPIValue> {
        guard user.access.may(.manageKPIs) else { throw WriteRefusal.forbidden("Only the performance team signs off KPI values.") }
        return try await db.writeTransaction { tx in
            guard let row = try await KPIValue.find(valueID, on: tx) else { throw WriteRefusal.notFound("KPI value") }
            guard try await RowGuards.claimVersion("kpi_values", id: valueID, version: version, on: tx) else {
                return try await .staleVersion(entity: "kpi_value", id: valueID, version: row.version, on: tx)
            }
            guard let kpi = try await KPI.find(row.$kpi.id, on: tx) else { throw WriteRefusal.notFound("KPI") }
            let before = KPIImportService.describe(row)
            row.version = version + 1
            row.provisional = false
            (row.signedOffBy, row.signedOffAt) = (AuditLog.actor(user), Date().timeIntervalSince1970)
            try await row.save(on: tx)
            try await PlanDataVersion.bump(kpi.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "kpi_value.signed_off", entity: "kpi_value", entityID: valueID,
                                            planID: kpi.$plan.id, summary: "Signed off \(kpi.name), \(row.period)",
                                            before: before, after: KPIImportService.describe(row)), on: tx)
            return .saved(row)
        }
    }
}
