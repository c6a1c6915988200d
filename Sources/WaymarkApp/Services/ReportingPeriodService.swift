import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Opens, closes and reopens a plan's reporting periods. Closing freezes a snapshot of every
/// milestone in the same transaction that marks the period closed, with its audit record.
struct ReportingPeriodService {
    let db: any Database
    let user: User

    /// A period of the plan: stored once it has been opened, or only worked out from the calendar.
    struct Listed: Sendable {
        var period: ReportingPeriod
        var record: PlanReportingPeriod?
    }

    /// The plan's periods from its start to its end (or this financial year when it gives none).
    static func periods(of plan: Plan, today: CalendarDate, on db: any Database) async throws -> [Listed] {
        let stored = try await PlanReportingPeriod.query(on: db).filter(\.$plan.$id == plan.requireID()).all()
        let first = plan.periodStart.flatMap { CalendarDate(iso: $0) } ?? ReportingPeriod.containing(today, cadence: .quarterly).start
        let last = plan.periodEnd.flatMap { CalendarDate(iso: $0) } ?? first
        var listed = ReportingPeriod.covering(first, last, cadence: plan.reportingCadence).map { period in
            Listed(period: period, record: stored.first { $0.label == period.label })
        }
        // Periods opened under another cadence, or outside the plan's dates, are still shown.
        for record in stored where !listed.contains(where: { $0.record === record }) {
            if let period = record.period { listed.append(Listed(period: period, record: record)) }
        }
        return listed.sorted { $0.period < $1.period }
    }

    func open(planID: Int, label: String) async throws -> WriteResult<PlanReportingPeriod> {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden("Only the performance team can open a reporting period.") }
        guard case .success(let period) = ReportingPeriod.parse(label) else {
            return .invalid("period", "Choose a reporting period such as Q3 2017-18")
        }
        return try await db.writeTransaction { tx in
            // Two people opening the same period at once take turns, and the second is told.
            try await RowGuards.lock("plans", id: planID, on: tx)
            guard let plan = try await Plan.find(planID, on: tx) else { throw WriteRefusal.notFound("plan") }
            if let existing = try await PlanReportingPeriod.query(on: tx).filter(\.$plan.$id == planID).filter(\.$label == period.label).first() {
                return try await Self.alreadyChanged(existing, on: tx)
            }
            let record = PlanReportingPeriod(planID: planID, period: period)
            try await record.create(on: tx)
            try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "period.opened", entity: "reporting_period", entityID: record.id,
                                            planID: planID, summary: "Opened \(period.label) of \"\(plan.title)\" for updates",
                                            after: AuditLog.json(["state": "open"])), on: tx)
            return .saved(record)
        }
    }

    /// Freezes every milestone as it stands, with statuses for the period's last day (or today,
    /// if the period has not ended yet).
    func close(periodID: Int, today: CalendarDate) async throws -> WriteResult<PlanReportingPeriod> {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden("Only the performance team can close a reporting period.") }
        return try await db.writeTransaction { tx in
            // Closing twice at once must freeze one snapshot, not two: take turns on the period.
            try await RowGuards.lock("reporting_periods", id: periodID, on: tx)
            guard let record = try await PlanReportingPeriod.find(periodID, on: tx) else { throw WriteRefusal.notFound("reporting period") }
            guard record.state == .open else { return try await Self.alreadyChanged(record, on: tx) }
            let end = CalendarDate(iso: record.endsOn) ?? today
            let asOf = min(end, today)
            let sql = tx.sql
            let lines = try await PeriodSnapshot.current(planID: record.$plan.id, asOf: asOf, on: sql)
            record.closings += 1
            try await PeriodSnapshot.write(lines, periodID: periodID, closing: record.closings, on: sql)
            try await KPIFreezing.freeze(planID: record.$plan.id, period: record, on: tx)
            try await RegisterReport.freeze(planID: record.$plan.id, periodID: periodID, closing: record.closings,
                                            from: CalendarDate(iso: record.startsOn) ?? asOf, asOf: asOf, on: tx)
            record.state = .closed
            record.snapshotAsOf = asOf.iso
            // The words and thresholds the quarter was reported in stay with it.
            if let plan = try await Plan.find(record.$plan.id, on: tx) {
                record.statusSchemeJSON = String(decoding: try JSONEncoder().encode(plan.scheme), as: UTF8.self)
                record.ragRulesJSON = String(decoding: try JSONEncoder().encode(plan.ratingRules(default: try await RatingSettings.rules(on: tx))), as: UTF8.self)
            }
            record.closedAt = Date()
            record.closedBy = AuditLog.actor(user)
            try await record.save(on: tx)
            try await PlanDataVersion.bump(record.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "period.closed", entity: "reporting_period", entityID: periodID, planID: record.$plan.id,
                summary: "Closed \(record.label): froze \(lines.count) milestones as they stood on \(asOf.display)",
                before: AuditLog.json(["state": "open"]), after: AuditLog.json(["state": "closed", "closing": String(record.closings)])), on: tx)
            return .saved(record)
        }
    }

    /// Someone else opened, closed or reopened the period first: who, and when, from the trail.
    private static func alreadyChanged(_ record: PlanReportingPeriod, on db: any Database) async throws -> WriteResult<PlanReportingPeriod> {
        return try await .staleVersion(entity: "reporting_period", id: record.id, version: record.closings, on: db)
    }

    /// Quarterly or six-monthly reporting for the plan.
    func setCadence(planID: Int, _ cadence: ReportingPeriod.Cadence) async throws {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden("Only the performance team can change how often a plan reports.") }
        try await db.writeTransaction { tx in
            try await RowGuards.lock("plans", id: planID, on: tx)
            guard let plan = try await Plan.find(planID, on: tx) else { throw WriteRefusal.notFound("plan") }
            let before = plan.reportingCadence
            guard before != cadence else { return }
            plan.reportingCadence = cadence
            try await plan.save(on: tx)
            try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "plan.cadence_changed", entity: "plan", entityID: planID, planID: planID,
                                            summary: "\(plan.title) now reports \(cadence.label.lowercased())",
                                            before: AuditLog.json(["cadence": before.rawValue]), after: AuditLog.json(["cadence": cadence.rawValue])), on: tx)
        }
    }

    /// An administrator's action, with a reason. The snapshots already taken are kept.
    func reopen(periodID: Int, reason: String) async throws -> WriteResult<PlanReportingPeriod> {
        guard user.access.may(.reopenPeriod) else { throw WriteRefusal.forbidden("Only an administrator can reopen a closed period.") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { return .invalid("reason", "Enter the reason for reopening the period") }
        return try await db.writeTransaction { tx in
            try await RowGuards.lock("reporting_periods", id: periodID, on: tx)
            guard let record = try await PlanReportingPeriod.find(periodID, on: tx) else { throw WriteRefusal.notFound("reporting period") }
            guard record.state == .closed else { return try await Self.alreadyChanged(record, on: tx) }
            record.state = .open
            try await record.save(on: tx)
            try await PlanDataVersion.bump(record.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "period.reopened", entity: "reporting_period", entityID: periodID, planID: record.$plan.id,
                summary: "Reopened \(record.label): \(reason)",
                before: AuditLog.json(["state": "closed"]), after: AuditLog.json(["state": "open", "reason": reason])), on: tx)
            return .saved(record)
        }
    }
}
