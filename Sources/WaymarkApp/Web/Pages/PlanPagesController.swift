import Fluent
import Vapor
import WaymarkCore

/// The list of plans and each plan's dashboard.
struct PlanPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("plans", use: index)
        routes.get("plans", ":planID", use: dashboard)
    }

    func home(req: Request) async throws -> Response {
        _ = try req.requireUser()
        return req.redirect(to: "/plans")
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let plans = try await PlanSummary.all(on: req.db, counts: req.application.listCounts)
        let rows = plans.map { plan -> HTML in
            "<tr><td><a href=\"/plans/\(plan.id)\">\(plan.title)</a></td><td>\(plan.period ?? "")</td><td>\(plan.state.capitalized)</td><td class=\"numeric\">\(plan.milestones)</td></tr>"
        }
        let body: HTML = plans.isEmpty
            ? "<p>There are no plans yet. A performance officer can import one with <code>waymark import FILE</code>.</p>"
            : """
            <table class="table"><caption class="visually-hidden">Plans</caption>
            <thead><tr><th scope="col">Plan</th><th scope="col">Period</th><th scope="col">State</th><th scope="col" class="numeric">Milestones</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page("Plans", context: req.layoutContext, "<h1>Plans</h1>\(try await SubmissionWarning.load(on: req.db, today: AsOf.today()).render())\(body)")
    }

    func dashboard(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let plan = try await req.plan()
        let asOf = try req.asOfDate(), recordedOn = try req.recordedOnDate()
        let figures: HTML
        if let recordedOn {
            // Rebuilt from the audit trail every time: a past view is rare, and never cached stale.
            let report = try await PointInTimeService.report(for: plan, at: AsOf.end(of: recordedOn), asOf: asOf, on: req.db)
            let outcomes = try await KPIReport.load(planID: try plan.requireID(), at: AsOf.end(of: recordedOn), on: req.db)
            figures = Self.figures(report, planID: try plan.requireID(), asOf: asOf) + KPIDashboard.byArea(outcomes, areas: report.areas.map(\.name), planID: try plan.requireID())
        } else {
            figures = try await Self.figures(for: plan, asOf: asOf, req: req)
        }
        let user = req.currentUser
        let page = PlanDashboardPage(planID: try plan.requireID(), title: plan.title, asOf: asOf, recordedOn: recordedOn, figures: figures,
                                     banner: ImportPagesController.appliedBanner(req), successor: try await SuccessorNotices.dashboard(plan, req: req),
                                     startSuccessor: SuccessorNotices.startLink(plan, user: user),
                                     mayEditStructure: user?.access.may(.editStructure) == true,
                                     mayChangeSettings: user.map(PlanSettingsService.mayChange) == true)
        return page.render(req.layoutContext)
    }

    /// The sentence, chart and table, which are the same for everyone until the plan changes,
    /// so they are drawn once per data version and date rather than on every view.
    private static func figures(for plan: Plan, asOf: CalendarDate, req: Request) async throws -> HTML {
        let cache = req.application.reportCache, db = req.db
        let draw: @Sendable () async throws -> HTML = {
            let report = try await PlanStatusService.report(for: plan, asOf: asOf, on: db, cache: cache)
            let outcomes = try await KPIReport.load(planID: try plan.requireID(), on: db)
            return figures(report, planID: try plan.requireID(), asOf: asOf) + KPIDashboard.byArea(outcomes, areas: report.areas.map(\.name), planID: try plan.requireID())
        }
        guard let cache else { return try await draw() }
        return try await cache.value(.init(planID: try plan.requireID(), version: plan.dataVersion, asOf: asOf, kind: "dashboard"), compute: draw)
    }

    private static func figures(_ report: PlanStatusReport, planID: Int, asOf: CalendarDate) -> HTML {
        let scheme = report.fullScheme
        let rows = report.areas + [report.total]
        let tableRows = rows.map { row -> HTML in
            let c = row.counts
            let isTotal = row.areaID == nil
            let name: HTML = isTotal ? "Total" : "<a href=\"/plans/\(planID)/milestones?area=\(row.areaID ?? 0)&amp;as_of=\(asOf.iso)\">\(row.name)</a>"
            let perStatus = scheme.statuses.map { "<td class=\"numeric\">\(c[code: $0.code])</td>" as HTML }
            return """
            <tr\(isTotal ? HTML(" class=\"table__total\"") : "")><th scope="row">\(name)</th>\(perStatus)
            <td class="numeric">\(c.active)</td><td class="numeric">\(c.percentComplete.percentText)</td><td class="numeric">\(c.percentCompletedOrOnTarget.percentText)</td></tr>
            """
        }
        let headings = scheme.statuses.map { "<th scope=\"col\" class=\"numeric\">\($0.short)</th>" as HTML }
        let withdrawn: HTML = report.total.counts.withdrawn > 0
            ? "<p>\(report.total.counts.withdrawn) withdrawn milestone\(report.total.counts.withdrawn == 1 ? " is" : "s are") not counted.</p>" : ""
        return """
        <p class="lead">\(report.total.counts.sentence(in: scheme))</p>
        \(withdrawn)
        <h2>Status by area on \(asOf.display)</h2>
        \(StatusChart.svg(rows: report.areas, title: "Milestone status by area on \(asOf.display)", describedBy: "status-table", scheme: scheme))
        <table class="table" id="status-table">
          <caption>Milestones by status and area on \(asOf.display)</caption>
          <thead><tr><th scope="col">Area</th>\(headings)<th scope="col" class="numeric">Active</th>
          <th scope="col" class="numeric">% complete</th><th scope="col" class="numeric">% \(scheme.goodWords)</th></tr></thead>
          <tbody>\(tableRows)</tbody>
        </table>
        """
    }
}

extension Request {
    /// The plan named by the `planID` path parameter, or a 404 page.
    func plan() async throws -> Plan {
        guard let raw = parameters.get("planID"), let id = Int(raw), let plan = try await Plan.read(id, on: db) else {
            throw Abort(.notFound, reason: "There is no such plan.")
        }
        return plan
    }

    /// `?recorded_on=YYYY-MM-DD`: show the plan as it stood at the end of that day; nil for now.
    func recordedOnDate() throws -> CalendarDate? {
        try queryDate("recorded_on", label: "As the plan stood on")
    }

    /// `?as_of=YYYY-MM-DD`, or today.
    func asOfDate() throws -> CalendarDate {
        try queryDate("as_of", label: "Status as of") ?? AsOf.today()
    }

    /// A date from the query string, nil when absent; a bad one is refused naming the field.
    private func queryDate(_ name: String, label: String) throws -> CalendarDate? {
        guard let text = query[String.self, at: name], !text.isEmpty else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw Abort(.badRequest, reason: "\(label): the date \"\(text)\" is not a real date; use the date picker or write it as YYYY-MM-DD.")
        }
        return date
    }
}
