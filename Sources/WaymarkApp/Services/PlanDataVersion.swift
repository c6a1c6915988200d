import Fluent
import SQLKit

/// Marks a plan as changed. Every service that writes to a plan calls this in its transaction.
enum PlanDataVersion {
    /// `statusesMayChange` is true unless the writer knows no milestone's status or place in the
    /// plan moved (KPIs, periods, registers), or refreshed the rows it changed itself through
    /// `MilestoneStatusIndex.refresh`. True marks the plan's derived statuses stale, so when in
    /// doubt the next list works them out again rather than showing a wrong one.
    static func bump(_ planID: Int, on db: any Database, statusesMayChange: Bool = true) async throws {
        let stale: SQLQueryString = statusesMayChange ? ", statuses_wanted = statuses_wanted + 1" : ""
        try await db.sql.raw("UPDATE plans SET data_version = data_version + 1" + stale + " WHERE id = \(bind: planID)").run()
    }

    /// For changes that alter every plan's figures, such as the rating rules.
    static func bumpAll(on db: any Database) async throws {
        try await db.sql.raw("UPDATE plans SET data_version = data_version + 1, statuses_wanted = statuses_wanted + 1").run()
    }
}
