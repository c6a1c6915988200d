import Fluent
import WaymarkCore

/// What changed between two closed periods of a plan, both sides read from the snapshots frozen
/// when each closed. `load` reads them; `render` only writes markup.
struct PeriodChangesPage: Sendable {
    var planID: Int
    var laterID: Int
    var earlierLabel: String
    var laterLabel: String
    var comparison: SnapshotComparison

    static func load(earlier: PlanReportingPeriod, later: PlanReportingPeriod, on db: any Database) async throws -> Self {
        let sql = db.sql
        let before = try await PeriodSnapshot.read(periodID: try earlier.requireID(), closing: earlier.closings, on: sql)
        let after = try await PeriodSnapshot.read(periodID: try later.requireID(), closing: later.closings, on: sql)
        return PeriodChangesPage(planID: later.$plan.id, laterID: try later.requireID(), earlierLabel: earlier.label, laterLabel: later.label,
                                 comparison: SnapshotComparison(earlier: before.map(\.comparable), later: after.map(\.comparable)))
    }

    func render(_ context: Layout.Context) -> HTML {
        Layout.page("What changed since \(earlierLabel)", context: context, """
        \(Layout.breadcrumbs([("/plans/\(planID)/periods", "Reporting periods"), ("/periods/\(laterID)", laterLabel)]))
        <h1>What changed between \(earlierLabel) and \(laterLabel)</h1>
        <p>Both sides are the snapshots frozen when each period closed.</p>
        \(table("Newly completed", comparison.newlyCompleted))
        \(table("Newly overdue", comparison.newlyOverdue))
        \(table("Revised deadlines agreed", comparison.revisedDeadlinesAgreed))
        \(table("All status changes", comparison.statusChanged))
        <h2>Added since \(earlierLabel)</h2><p>\(comparison.added.isEmpty ? "None." : comparison.added.map(\.title).joined(separator: "; "))</p>
        """)
    }

    private func table(_ caption: String, _ changes: [SnapshotComparison.Change]) -> HTML {
        guard !changes.isEmpty else { return "<h2>\(caption)</h2><p>None.</p>" }
        let rows = changes.map { change -> HTML in
            "<tr><td><a href=\"/milestones/\(change.after.milestoneID)\">\(change.after.title)</a></td><td>\(change.after.area)</td><td>\(change.before?.status?.label ?? "Withdrawn")</td><td>\(change.after.status?.label ?? "Withdrawn")</td><td>\(change.after.revisedDue?.display ?? "")</td></tr>"
        }
        return """
        <table class="table"><caption>\(caption) (\(changes.count))</caption>
        <thead><tr><th scope="col">Milestone</th><th scope="col">Area</th><th scope="col">\(earlierLabel)</th><th scope="col">\(laterLabel)</th><th scope="col">Revised deadline</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }
}
