import Fluent
import WaymarkCore

/// What a reporting period's page shows: its report (frozen, or a draft while open), the
/// earlier closed periods to compare it with, and for a frozen one what has changed since.
/// `load` does all the reading; `render` only writes markup.
struct PeriodPage: Sendable {
    struct Earlier: Sendable, Equatable {
        var id: Int
        var label: String
    }

    var report: PeriodReport
    /// The plan's other closed periods, oldest first.
    var earlier: [Earlier] = []
    /// For a frozen report, the changes made to the plan since, with statuses worked out for the
    /// report's day; nil for a draft. Later edits are shown beside the snapshot, never in it.
    var sinceFrozen: SnapshotComparison?
    var canPublish = false

    static func load(_ report: PeriodReport, for user: User?, on db: any Database) async throws -> Self {
        let others = try await PlanReportingPeriod.query(on: db).filter(\.$plan.$id == report.planID).filter(\.$state == .closed)
            .filter(\.$id != report.periodID).all().sorted { ($0.period ?? report.period) < ($1.period ?? report.period) }
        var since: SnapshotComparison?
        if report.isFinal {
            let now = try await PeriodSnapshot.current(planID: report.planID, asOf: report.asOf, on: db.sql)
            since = SnapshotComparison(earlier: report.lines.map(\.comparable), later: now.map(\.comparable))
        }
        return PeriodPage(report: report, earlier: others.map { Earlier(id: $0.id ?? 0, label: $0.label) }, sinceFrozen: since,
                          canPublish: report.isFinal && user?.access.may(.manageReporting) == true)
    }

    func render(_ context: Layout.Context) -> HTML {
        let report = self.report
        let compare: HTML = earlier.isEmpty || !report.isFinal ? "" : """
            <form method="get" action="/periods/\(report.periodID)/changes" class="filters">
              \(FormFields.select("since", "Compare with an earlier closed period", options: earlier.map { (String($0.id), $0.label) }, selected: String(earlier.last?.id ?? 0), errors: []))
              <div class="form-group"><button type="submit" class="button button--secondary">Show what changed</button></div>
            </form>
            """
        return Layout.page("\(report.period.label): \(report.planTitle)", context: context, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(report.planID)", report.planTitle), ("/plans/\(report.planID)/periods", "Reporting periods")]))
        <span class="caption">\(report.planTitle)</span>
        <h1>\(report.period.label) (\(report.period.months))</h1>
        \(report.isFinal
            ? HTML("<p>Frozen when the period closed: statuses as at \(report.asOf.display). Later changes to the plan do not alter these figures.</p>")
            : HTML("<p><strong class=\"tag tag--draft\">Draft</strong> The period is open: these are the plan's figures as at \(report.asOf.display) and will change until it closes.</p>"))
        <p class="lead">\(report.total.sentence)</p>
        <p><a href="/periods/\(report.periodID)/pack">Board report pack</a> (also as <a href="/periods/\(report.periodID)/pack.pdf">PDF</a>, <a href="/periods/\(report.periodID)/pack.xlsx">spreadsheet</a> and <a href="/periods/\(report.periodID)/pack.csv">CSV</a>)</p>
        \(canPublish ? HTML("<p><a href=\"/periods/\(report.periodID)/publish\">Publish to the public pages</a>: preview what the public will see, and approve commentary for them.</p>") : "")
        \(compare)
        \(BoardPackHTML.areaTable(report, caption: "Status and delivery rating by area, \(report.period.label)"))
        \(changesSinceFrozen)
        """)
    }

    private var changesSinceFrozen: HTML {
        guard let changes = sinceFrozen else { return "" }
        guard !changes.isEmpty else { return "<h2>Since it was frozen</h2><p>Nothing that decides a status has changed since the period closed.</p>" }
        let rows = changes.statusChanged.map { c -> HTML in
            "<tr><td><a href=\"/milestones/\(c.after.milestoneID)\">\(c.after.title)</a></td><td>\(c.before?.status?.label ?? "Withdrawn")</td><td>\(c.after.status?.label ?? "Withdrawn")</td></tr>"
        }
        let retimed = changes.revisedDeadlinesAgreed.count, added = changes.added.count
        return """
        <h2>Since it was frozen</h2>
        <p>The figures above are as reported. Changes made since, with statuses still worked out for \(report.asOf.display):\
        \(retimed > 0 ? " \(retimed) revised deadline\(retimed == 1 ? "" : "s") agreed;" : "")\(added > 0 ? " \(added) milestone\(added == 1 ? "" : "s") added;" : "")\
         \(changes.statusChanged.count) status change\(changes.statusChanged.count == 1 ? "" : "s").</p>
        \(rows.isEmpty ? HTML("") : """
        <table class="table"><caption>Status changes since \(report.period.label) was frozen</caption>
        <thead><tr><th scope="col">Milestone</th><th scope="col">As reported</th><th scope="col">Now</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        """
    }
}
