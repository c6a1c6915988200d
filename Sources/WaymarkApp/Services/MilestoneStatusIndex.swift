import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import WaymarkCore

/// Keeps each milestone's derived `status_code` (as of today) and `list_rank` (its place in the
/// plan's order) so lists can be filtered, ordered and paged in the database.
///
/// The rules stay in WaymarkCore: these columns hold only what `StatusScheme.verdict` said, for
/// one day. A write that changes one milestone's dates refreshes that row in its own transaction
/// (`refresh(milestoneIDs:)`); any other write that may move a status marks the plan stale
/// (`PlanDataVersion.bump`), and the next list of it, or the hourly checks, work the whole plan
/// out again (`ensureCurrent`). A new day makes every plan stale.
enum MilestoneStatusIndex {
    /// Rows written per statement when a whole plan is refreshed: well under SQLite's limit of
    /// bound values, and small enough that a writer waiting behind one waits briefly.
    static let batchSize = 500

    /// The plan's derived columns are current for `today`, working the plan out again if they
    /// are not. `cache` shares one refresh among requests that find the plan stale at once.
    /// Whether a plan's stored statuses are current, as its row says.
    struct State: Decodable, Sendable {
        var statuses_on: String?
        var statuses_wanted: Int
        var statuses_done: Int
    }

    /// - Parameter known: the plan's state when already read with it, saving a query.
    /// - Returns: whether the plan had to be worked out again.
    @discardableResult
    static func ensureCurrent(planID: Int, scheme: StatusScheme, today: CalendarDate, on db: any Database, cache: ReportCache?,
                              known: State? = nil) async throws -> Bool {
        let read = { try await db.sql.raw("SELECT statuses_on, statuses_wanted, statuses_done FROM plans WHERE id = \(bind: planID)").first(decoding: State.self) }
        let found: State? = if let known { known } else { try await read() }
        guard let state = found else { return false }
        guard state.statuses_on != today.iso || state.statuses_done < state.statuses_wanted else { return false }
        let work: @Sendable () async throws -> Bool = {
            try await refreshAll(planID: planID, scheme: scheme, today: today, wanted: state.statuses_wanted, on: db)
            return true
        }
        if let cache {
            _ = try await cache.value(.init(planID: planID, version: state.statuses_wanted, asOf: today, kind: "status-index-from-\(state.statuses_on ?? "none")"), compute: work)
        } else {
            _ = try await work()
        }
        return true
    }

    /// Works out every milestone of the plan for `today`, writing only rows whose status or
    /// place differ. A row's status is written only if its version is the one read, so a progress
    /// update saved meanwhile (which refreshed its own row) is never overwritten with what its
    /// dates were before; and a row is touched only if what it holds is for `today` or an
    /// earlier day, so a refresh that began before midnight cannot undo one from after it.
    static func refreshAll(planID: Int, scheme: StatusScheme, today: CalendarDate, wanted: Int, on db: any Database) async throws {
        let changes = NIOLockedValueBox(Changes())
        try await TextRows(db: db.sql).forEach("""
            SELECT m.id, m.version, m.status_code, m.list_rank, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date,
                   m.checkpoints, m.forecast_date, m.completed_date, m.lifecycle, m.decided_status, m.decided_reason
            FROM milestones m
            JOIN activities ac ON ac.id = m.activity_id
            JOIN areas ar ON ar.id = ac.area_id
            WHERE m.plan_id = $1
            ORDER BY ar.position, ar.id, ac.number, m.position, m.id
            """, planID: planID, columns: ["id", "version", "status_code", "list_rank", "deadline_text", "deadline_kind", "earliest_start",
                                           "due_date", "checkpoints", "forecast_date", "completed_date", "lifecycle", "decided_status", "decided_reason"]) { column in
            guard let id = column(0).flatMap({ Int($0) }), let version = column(1).flatMap({ Int($0) }) else { return }
            let deadline = deadline(text: column(4), kind: column(5), earliestStart: column(6), due: column(7), checkpoints: column(8))
            let code = verdict(scheme: scheme, today: today, deadline: deadline, forecast: column(9), completed: column(10), lifecycle: column(11),
                               decision: column(12), decisionReason: column(13)).code
            changes.withLockedValue { $0.note(id: id, version: version, code: code, storedCode: column(2), storedRank: column(3).flatMap { Int($0) }) }
        }
        let found = changes.withLockedValue { $0 }
        for start in stride(from: 0, to: found.ids.count, by: batchSize) {
            let range = start..<min(start + batchSize, found.ids.count)
            let rows: [SQLQueryString] = range.map { i in
                "(CAST(\(bind: found.ids[i]) AS BIGINT), \(bind: found.codes[i]), CAST(\(bind: found.ranks[i]) AS BIGINT), CAST(\(bind: found.versions[i]) AS BIGINT))"
            }
            let update: SQLQueryString = "WITH v(mid, code, pos, ver) AS (VALUES " + rows.joined(separator: ", ") + """
                ) UPDATE milestones SET list_rank = v.pos,
                    status_code = CASE WHEN milestones.version = v.ver THEN v.code ELSE milestones.status_code END,
                    status_on = CASE WHEN milestones.version = v.ver THEN \(bind: today.iso) ELSE milestones.status_on END
                FROM v WHERE milestones.id = v.mid AND (milestones.status_on IS NULL OR milestones.status_on <= \(bind: today.iso))
                """
            // Derived data, not a record: no audit entry, but through the write gate like every write.
            try await db.writeTransaction { tx in try await tx.sql.raw(update).run() }
        }
        try await db.writeTransaction { tx in
            try await tx.sql.raw("""
                UPDATE plans SET statuses_on = \(bind: today.iso),
                    statuses_done = CASE WHEN statuses_done < \(bind: wanted) THEN \(bind: wanted) ELSE statuses_done END
                WHERE id = \(bind: planID) AND (statuses_on IS NULL OR statuses_on <= \(bind: today.iso))
                """).run()
        }
    }

    /// Refreshes these milestones' statuses for `today` inside the writer's transaction, after
    /// it changed their dates or decisions. Their places in the plan's order do not move.
    static func refresh(milestoneIDs: [Int], scheme: StatusScheme, today: CalendarDate, on tx: any Database) async throws {
        let sql = tx.sql
        for id in milestoneIDs {
            struct Row: Decodable {
                var deadline_text: String?; var deadline_kind: String?; var earliest_start: String?; var due_date: String?; var checkpoints: String?
                var forecast_date: String?; var completed_date: String?; var lifecycle: String?; var decided_status: String?; var decided_reason: String?
            }
            guard let row = try await sql.raw("""
                SELECT deadline_text, deadline_kind, earliest_start, due_date, checkpoints, forecast_date, completed_date, lifecycle,
                       decided_status, decided_reason FROM milestones WHERE id = \(bind: id)
                """).first(decoding: Row.self) else { continue }
            let deadline = deadline(text: row.deadline_text, kind: row.deadline_kind, earliestStart: row.earliest_start, due: row.due_date,
                                    checkpoints: row.checkpoints)
            let code = verdict(scheme: scheme, today: today, deadline: deadline, forecast: row.forecast_date, completed: row.completed_date,
                               lifecycle: row.lifecycle, decision: row.decided_status, decisionReason: row.decided_reason).code
            try await sql.raw("UPDATE milestones SET status_code = \(bind: code), status_on = \(bind: today.iso) WHERE id = \(bind: id)").run()
        }
    }

    /// Every plan whose statuses are not current for `today`, worked out again: run by the
    /// hourly checks so that the first list after midnight does not wait for it.
    static func refreshStalePlans(today: CalendarDate, on db: any Database) async throws -> Int {
        let plans = try await Plan.query(on: db).all()
        for plan in plans {
            try await ensureCurrent(planID: try plan.requireID(), scheme: plan.scheme, today: today, on: db, cache: nil)
        }
        return plans.count
    }

    /// A deadline as its columns store it.
    static func deadline(text: String?, kind: String?, earliestStart: String?, due: String?, checkpoints: String?) -> Deadline {
        Deadline(stored: text, kind: kind ?? Deadline.Kind.noFixedDate.rawValue, earliestStart: earliestStart, due: due, checkpoints: checkpoints)
    }

    /// The one place a stored milestone's columns become a verdict, for lists and the index alike.
    static func verdict(scheme: StatusScheme, today: CalendarDate, deadline: Deadline, forecast: String?, completed: String?,
                        lifecycle: String?, decision: String?, decisionReason: String?) -> SchemeVerdict {
        scheme.verdict(MilestoneFacts(deadline: deadline, storedForecast: forecast, storedCompletion: completed), asOf: today,
                       decision: decision, decisionReason: decisionReason,
                       withdrawn: (lifecycle ?? MilestoneLifecycle.active.rawValue) == MilestoneLifecycle.withdrawn.rawValue)
    }

    /// Rows to write, kept as parallel arrays: a first refresh of a million-milestone plan
    /// changes every row, and this keeps that to a few tens of megabytes.
    struct Changes: Sendable {
        var ids: [Int] = [], versions: [Int] = [], ranks: [Int] = [], codes: [String] = []
        private var rank = 0

        mutating func note(id: Int, version: Int, code: String, storedCode: String?, storedRank: Int?) {
            rank += 1
            guard code != storedCode || rank != storedRank else { return }
            ids.append(id); versions.append(version); ranks.append(rank); codes.append(code)
        }
    }
}
