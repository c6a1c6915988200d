import Fluent
import SQLKit
import Vapor
import WaymarkCore

/// A plan's reporting periods: opening, closing (which freezes the snapshot), reopening, the
/// frozen figures, and what changed between two closed periods.
struct PeriodPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "periods", use: index)
        routes.post("plans", ":planID", "periods", use: open)
        routes.get("periods", ":periodID", use: show)
        routes.post("periods", ":periodID", "close", use: close)
        routes.get("periods", ":periodID", "reopen", use: reopenForm)
        routes.post("periods", ":periodID", "reopen", use: reopen)
        routes.get("periods", ":periodID", "changes", use: changes)
        routes.post("plans", ":planID", "cadence", use: setCadence)
    }

    func setCadence(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let plan = try await req.plan()
        struct Form: Content { var cadence: String? }
        guard let cadence = ReportingPeriod.Cadence(rawValue: try req.content.decode(Form.self).cadence ?? "") else {
            throw Abort(.unprocessableEntity, reason: "Choose quarterly or six-monthly reporting.")
        }
        try await ReportingPeriodService(db: req.db, user: user).setCadence(planID: try plan.requireID(), cadence)
        return req.redirect(to: "/plans/\(try plan.requireID())/periods")
    }

    func index(req: Request) async throws -> HTML {
        let user = try req.authorize(.read)
        let plan = try await req.plan()
        let planID = try plan.requireID()
        let listed = try await ReportingPeriodService.periods(of: plan, today: AsOf.today(), on: req.db)
        let canManage = user.access.may(.manageReporting), canReopen = user.access.may(.reopenPeriod)
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let rows = listed.map { item -> HTML in
            let state: HTML, actions: HTML
            switch item.record?.state {
            case nil:
                state = "<strong class=\"tag tag--draft\">Not opened</strong>"
                actions = canManage ? "<form method=\"post\" action=\"/plans/\(planID)/periods\" class=\"inline-form\">\(csrf)<input type=\"hidden\" name=\"period\" value=\"\(item.period.label)\"><button class=\"button button--secondary\" type=\"submit\">Open \(item.period.label) for updates</button></form>" : ""
            case .open?:
                state = "<strong class=\"tag tag--on_target\">Open for updates</strong>"
                actions = "<a href=\"/periods/\(item.record?.id ?? 0)\">Draft report</a>" + (canManage
                    ? "<form method=\"post\" action=\"/periods/\(item.record?.id ?? 0)/close\" class=\"inline-form\">\(csrf)<button class=\"button\" type=\"submit\">Close \(item.period.label) and freeze it</button></form>" : "")
            case .closed?:
                state = "<strong class=\"tag tag--completed\">Closed</strong>"
                actions = "<a href=\"/periods/\(item.record?.id ?? 0)\">Frozen report</a>" + (canReopen ? " <a href=\"/periods/\(item.record?.id ?? 0)/reopen\">Reopen \(item.period.label)</a>" : "")
            }
            let asOf = item.record?.snapshotAsOf.flatMap { CalendarDate(iso: $0) }.map { "Frozen as at \($0.display)" } ?? ""
            return "<tr><th scope=\"row\">\(item.period.label)</th><td>\(item.period.months)</td><td>\(state)</td><td>\(asOf)</td><td><div class=\"inline-actions\">\(actions)</div></td></tr>"
        }
        return Layout.page("Reporting periods: \(plan.title)", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        <h1>Reporting periods</h1>
        <p>While a period is open, lead officers are asked for their updates. Closing it freezes every milestone as it stood; later changes never alter what was reported.</p>
        \(canManage ? HTML("""
        <form method="post" action="/plans/\(planID)/cadence" class="filters">\(csrf)
          \(FormFields.select("cadence", "How often this plan reports", options: ReportingPeriod.Cadence.allCases.map { ($0.rawValue, $0.label) }, selected: plan.reportingCadence.rawValue, errors: []))
          <div class="form-group"><button type="submit" class="button button--secondary">Change how often</button></div>
        </form>
        """) : HTML("<p>This plan reports \(plan.reportingCadence.label.lowercased()).</p>"))
        <table class="table"><caption class="visually-hidden">Reporting periods</caption>
        <thead><tr><th scope="col">Period</th><th scope="col">Months</th><th scope="col">State</th><th scope="col">Snapshot</th><th scope="col">Actions</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """)
    }

    func open(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let plan = try await req.plan()
        struct Form: Content { var period: String? }
        let form = try req.content.decode(Form.self)
        try Self.refuseUnlessSaved(try await ReportingPeriodService(db: req.db, user: user).open(planID: try plan.requireID(), label: form.period ?? ""))
        // Lead officers are asked for their updates as soon as the period opens. The emails are
        // written now and sent in the background, so a slow mail server cannot hold up the page.
        let app = req.application
        let written = try await app.reminderService.run(today: AsOf.today(), deliver: false)
        req.logger.info("reminders: \(written.text)")
        if app.mailer != nil {
            Task {
                do {
                    let sent = try await app.reminderService.run(today: AsOf.today())
                    app.logger.info("reminders: \(sent.text)")
                } catch {
                    app.logger.error("reminders: \(error)")
                }
            }
        }
        return req.redirect(to: "/plans/\(try plan.requireID())/periods")
    }

    /// Closing freezes the narrative with the figures, so a period with any narrative section
    /// left empty is closed only after the warning page has been seen and confirmed.
    func close(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let periodID = try period.requireID()
        struct Form: Content { var confirm_missing_narrative: String? }
        let confirmed = (try? req.content.decode(Form.self))?.confirm_missing_narrative == "yes"
        if period.state == .open, !confirmed {
            let missing = try await PeriodReportService.missingNarrative(periodID: periodID, planID: period.$plan.id, on: req.db)
            if !missing.isEmpty { return Response.html(closeWarningPage(req, period: period, missing: missing), status: .ok) }
        }
        let closed = try Self.refuseUnlessSaved(try await ReportingPeriodService(db: req.db, user: user).close(periodID: periodID, today: AsOf.today()))
        return req.redirect(to: "/periods/\(try closed.requireID())")
    }

    private func closeWarningPage(_ req: Request, period: PlanReportingPeriod, missing: [PeriodReportService.MissingNarrative]) -> HTML {
        let id = period.id ?? 0
        let all = PeriodReportService.sectionNames.count
        let items = missing.map { m -> HTML in
            "<li>\(m.area): \(m.sections.count == all ? "nothing written" : "no " + m.sections.map { $0.prefix(1).lowercased() + $0.dropFirst() }.listed)</li>"
        }
        let names = missing.map(\.area).joined(separator: ", ")
        return Layout.page("Close \(period.label) without a full narrative?", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/plans/\(period.$plan.id)/periods", "Reporting periods"), ("/periods/\(id)", period.label)]))
        <h1>Close \(period.label) without a full narrative?</h1>
        <div class="notification" role="region" aria-label="Warning">
          <p><strong>Warning:</strong> the Board report pack prints each area's narrative, and closing the period freezes it. \
        \(missing.count == 1 ? "This area has" : "These areas have") sections with nothing written:</p>
          <ul class="list">\(items)</ul>
          <p>Once the period is closed, only an administrator can reopen it to add them.</p>
        </div>
        <p><a href="/periods/\(id)/narrative">Write the narrative first</a></p>
        <form method="post" action="/periods/\(id)/close" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          <input type="hidden" name="confirm_missing_narrative" value="yes">
          <button class="button button--warning" type="submit">Close \(period.label) without a narrative for: \(names)</button>
        </form>
        <p><a href="/plans/\(period.$plan.id)/periods">Cancel and go back to the reporting periods</a></p>
        """)
    }

    func reopenForm(req: Request) async throws -> HTML {
        try req.authorize(.reopenPeriod)
        return try await reopenPage(req, period: try await PeriodPagesController.period(req), reason: "", errors: [])
    }

    private func reopenPage(_ req: Request, period: PlanReportingPeriod, reason: String, errors: [FieldError]) async throws -> HTML {
        Layout.page("Reopen \(period.label)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans/\(period.$plan.id)/periods", "Reporting periods")]))
        <h1>Reopen \(period.label)</h1>
        <p>Reopening lets lead officers update their milestones again. The snapshot already taken is kept, and closing the period again takes a new one. The reason is kept in the audit trail.</p>
        <form method="post" action="/periods/\(period.id ?? 0)/reopen" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          \(MilestoneUpdateForm.textarea("reason", "Why are you reopening it?", hint: nil, value: reason, errors: errors))
          <button class="button button--warning" type="submit">Reopen \(period.label)</button>
        </form>
        """)
    }

    func reopen(req: Request) async throws -> Response {
        let user = try req.authorize(.reopenPeriod)
        let period = try await PeriodPagesController.period(req)
        struct Form: Content { var reason: String? }
        let reason = try req.content.decode(Form.self).reason ?? ""
        let result = try await ReportingPeriodService(db: req.db, user: user).reopen(periodID: try period.requireID(), reason: reason)
        if case .invalid(let errors) = result {
            return Response.html(try await reopenPage(req, period: period, reason: reason, errors: errors), status: .unprocessableEntity)
        }
        try Self.refuseUnlessSaved(result)
        return req.redirect(to: "/plans/\(period.$plan.id)/periods")
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let period = try await PeriodPagesController.period(req)
        guard let report = try await PeriodReport.build(periodID: try period.requireID(), today: AsOf.today(), on: req.db) else {
            throw Abort(.notFound, reason: "There is no such reporting period.")
        }
        return try await PeriodPage.load(report, for: req.currentUser, on: req.db).render(req.layoutContext)
    }

    func changes(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let later = try await PeriodPagesController.period(req)
        guard let sinceID = req.query[Int.self, at: "since"], let earlier = try await PlanReportingPeriod.find(sinceID, on: req.db),
              earlier.$plan.id == later.$plan.id, earlier.closings > 0, later.closings > 0 else {
            throw Abort(.badRequest, reason: "Choose an earlier closed period of the same plan to compare with.")
        }
        return try await PeriodChangesPage.load(earlier: earlier, later: later, on: req.db).render(req.layoutContext)
    }

    static func period(_ req: Request) async throws -> PlanReportingPeriod {
        try await req.find(PlanReportingPeriod.self, "periodID")
    }
}

extension PeriodPagesController {
    /// The period as saved; otherwise the error page, with the problem or who got there first.
    @discardableResult
    static func refuseUnlessSaved(_ result: WriteResult<PlanReportingPeriod>) throws -> PlanReportingPeriod {
        switch result {
        case .saved(let period): return period
        case .invalid(let errors): throw Abort(.unprocessableEntity, reason: errors.map(\.message).joined(separator: ". "))
        case .conflict(let changedBy, let at, _):
            let when = at.map(MilestoneUpdateForm.timestamp) ?? "a moment ago"
            throw Abort(.conflict, reason: "\(changedBy) changed this period at \(when), before your request arrived. Nothing was changed; reload the page to see it as it is now.")
        }
    }
}
