import WaymarkCore

/// What a plan's dashboard shows. The controller loads it (the figures are drawn once per data
/// version and day, or rebuilt from the audit trail for a past view); `render` only writes markup.
struct PlanDashboardPage: Sendable {
    var planID: Int
    var title: String
    var asOf: CalendarDate
    /// The plan as it stood at the end of this day, rebuilt from the audit trail; nil for now.
    var recordedOn: CalendarDate?
    /// The sentence, chart, table and outcomes, already drawn.
    var figures: HTML
    /// The banner after an import.
    var banner: HTML = ""
    /// A successor plan's banner, and where the plan was carried to or from.
    var successor: HTML = ""
    var startSuccessor: HTML = ""
    var mayEditStructure = false
    var mayChangeSettings = false

    func render(_ context: Layout.Context) -> HTML {
        let pastView: HTML = recordedOn.map { day in
            "<div class=\"notification\" role=\"region\" aria-label=\"Past view\"><p>This is the plan as it stood at the end of \(day.display), rebuilt from the audit trail. <a href=\"/plans/\(planID)?as_of=\(asOf.iso)\">See it as it stands now</a></p></div>"
        } ?? ""
        return Layout.page(title, context: context, """
        \(Layout.breadcrumbs([("/plans", "Plans")]))
        \(banner)
        <span class="caption">Dashboard</span>
        <h1>\(title)</h1>
        \(successor)
        <form method="get" action="/plans/\(planID)" class="filters">
          <div class="form-group">
            <label class="label" for="as_of">Status as of</label>
            <span class="hint" id="as_of-hint">Statuses are worked out for this day</span>
            <input class="input input--width-10" type="date" id="as_of" name="as_of" value="\(asOf.iso)" aria-describedby="as_of-hint">
          </div>
          <div class="form-group">
            <label class="label" for="recorded_on">As the plan stood on (optional)</label>
            <span class="hint" id="recorded_on-hint">To see what was reported then, such as the day of a Board meeting</span>
            <input class="input input--width-10" type="date" id="recorded_on" name="recorded_on" value="\(recordedOn?.iso ?? "")" aria-describedby="recorded_on-hint">
          </div>
          <div class="form-group"><button type="submit" class="button button--secondary">Show</button></div>
        </form>
        \(pastView)
        \(figures)
        <ul class="list">
          <li><a href="/plans/\(planID)/milestones?as_of=\(asOf.iso)">All milestones in this plan</a></li>
          <li><a href="/plans/\(planID)/periods">Reporting periods and Board reports</a></li>
          <li><a href="/plans/\(planID)/kpis">Measurable outcomes (KPIs)</a></li>
          <li><a href="/plans/\(planID)/governance">Governance trail</a></li>
          <li><a href="/plans/\(planID)/registers">Registers</a></li>
        </ul>
        \(mayEditStructure ? HTML("<p><a href=\"/plans/\(planID)/structure\">Edit the plan's structure</a></p>") : "")
        \(mayChangeSettings ? HTML("<p><a href=\"/plans/\(planID)/settings\">Plan settings: status scheme and RAG thresholds</a></p>") : "")
        \(startSuccessor)
        """)
    }
}
