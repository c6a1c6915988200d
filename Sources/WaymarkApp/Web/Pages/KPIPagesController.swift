import Fluent
import Vapor
import WaymarkCore

/// Measurable outcomes: a plan's KPIs in a table, and each KPI's chart, values and benchmarks,
/// where its owner or the performance team enters a value and the performance team signs it off.
struct KPIPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "kpis", use: index)
        routes.get("kpis", ":kpiID", use: show)
        routes.post("kpis", ":kpiID", "values", use: save)
        routes.post("kpis", ":kpiID", "values", ":valueID", "sign-off", use: signOff)
    }

    static func ratingTag(_ rating: KPIRating, provisional: Bool = false) -> HTML {
        let key = switch rating {
        case .green: "rag-green"
        case .amber: "rag-amber"
        case .red: "rag-red"
        case .noData, .noTarget: "withdrawn"
        }
        return Layout.statusTag(rating.label, key: key) + (provisional ? HTML(" <span class=\"hint\">(provisional)</span>") : "")
    }

    static func shown(_ text: String?, _ unit: KPIUnit) -> String {
        text.flatMap(ExactNumber.init(parsing:)).map(unit.format) ?? "–"
    }

    /// "10% of the target", "5 days", or "None".
    static func tolerance(_ rule: KPITolerance, unit: KPIUnit) -> String {
        switch rule {
        case .percent(let share): share.decimal == 0 ? "None" : "\(share)% of the target"
        case .amount(let amount): amount.decimal == 0 ? "None" : unit.format(amount)
        }
    }

    static func direction(_ direction: KPIDirection) -> HTML {
        direction == .none ? "<span class=\"hint\">No earlier value</span>" : "<span aria-hidden=\"true\">\(direction.arrow)</span> \(direction.label)"
    }

    func index(req: Request) async throws -> HTML {
        _ = try req.requireUser()
        let plan = try await req.plan()
        let planID = try plan.requireID()
        // The same for everyone until a KPI or value changes, which moves the plan's data version on.
        // A long list comes a page at a time, as GOV.UK's pagination pattern has it.
        let db = req.db
        let pageNumber = max(1, req.query[Int.self, at: "page"] ?? 1)
        let draw: @Sendable () async throws -> HTML = {
            Self.table(try await KPIReport.load(planID: planID, on: db), planID: planID, planTitle: plan.title, page: pageNumber)
        }
        let table: HTML
        if let cache = req.application.reportCache {
            table = try await cache.value(.init(planID: planID, version: plan.dataVersion, asOf: AsOf.today(), kind: "kpis-\(pageNumber)"), compute: draw)
        } else {
            table = try await draw()
        }
        let importLink: HTML = req.currentUser?.access.may(.manageKPIs) == true
            ? "<p><a href=\"/plans/\(planID)/kpis/import\">Import KPIs and their values from a spreadsheet</a> (or <code>waymark import-kpis FILE --plan \(planID)</code>).</p>" : ""
        return Layout.page("Measurable outcomes", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        \(KPIImportPagesController.appliedBanner(req))
        <h1>Measurable outcomes</h1>
        <p>Each KPI's latest value against its target. GREEN is on or better than the target; AMBER is worse, but within the tolerance; RED is beyond it.</p>
        \(table)
        \(importLink)
        """)
    }

    static let pageSize = 50

    static func table(_ report: KPIReport, planID: Int, planTitle: String, page: Int) -> HTML {
        let pages = max(1, (report.kpis.count + pageSize - 1) / pageSize), page = min(page, pages)
        let shown = report.kpis.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let rows = shown.map { kpi -> HTML in
            let point = kpi.current
            let benchmark = kpi.benchmarks.first.map { "\(Self.shown($0.value, kpi.unit)) (\($0.source))" } ?? "–"
            return """
            <tr><th scope="row"><a href="/kpis/\(kpi.id)">\(kpi.name)</a>\(kpi.area.map { HTML("<br><span class=\"hint\">\($0)</span>") })</th>
            <td>\(point.map { KPIReport.label($0.period) } ?? "–")</td><td class="numeric">\(Self.shown(point?.value, kpi.unit))</td><td class="numeric">\(Self.shown(point?.target, kpi.unit))</td>
            <td>\(Self.ratingTag(point?.rating ?? .noData, provisional: point?.provisional == true))</td><td>\(benchmark)</td>
            <td>\(Self.direction(point?.direction ?? .none))</td><td>\(KPIChart.sparkline(kpi.values.map { $0.value.flatMap(ExactNumber.init(parsing:)) }))</td></tr>
            """
        }
        guard !report.kpis.isEmpty else { return "<p>This plan has no KPIs yet.</p>" }
        let first = (page - 1) * pageSize + 1
        return """
        \(pages > 1 ? HTML("<p>KPIs \(first) to \(first + shown.count - 1) of \(report.kpis.count), in order of name.</p>") : "")
        <table class="table"><caption class="visually-hidden">KPIs of \(planTitle)\(pages > 1 ? ", page \(page) of \(pages)" : "")</caption>
        <thead><tr><th scope="col">KPI</th><th scope="col">Period</th><th scope="col" class="numeric">Value</th><th scope="col" class="numeric">Target</th>
        <th scope="col">Rating</th><th scope="col">Benchmark</th><th scope="col">Direction of travel</th><th scope="col">Trend</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        \(Pagination.links(page: page, of: pages, path: "/plans/\(planID)/kpis", label: "Pages of KPIs"))
        """
    }

    func show(req: Request) async throws -> HTML {
        try await page(req, errors: [], form: nil, notice: req.query[String.self, at: "saved"] == "1"
            ? FormFields.successBanner("Value saved", "The KPI's value is saved, and its rating and chart show it.") : nil)
    }

    /// Stands for the form token in a cached page part, which is the same for every reader.
    static let tokenPlaceholder = "waymark-csrf-placeholder"

    private func page(_ req: Request, errors: [FieldError], form: KPIValueService.Input?, notice: HTML?) async throws -> HTML {
        let user = try req.requireUser()
        let kpi = try await req.find(KPI.self, "kpiID")
        let kpiID = try kpi.requireID(), planID = kpi.$plan.id
        guard let plan = try await Plan.read(planID, on: req.db) else { throw Abort(.notFound) }
        let mayEnter = user.access.may(.updateKPI(owner: kpi.$owner.id)), maySignOff = user.access.may(.manageKPIs)
        let token = CSRF.token(for: req)
        // The chart and tables change only when the plan's data does; drawn once per version.
        let db = req.db
        let draw: @Sendable () async throws -> HTML = { try await Self.details(kpi, maySignOff: maySignOff, on: db) }
        let details: HTML
        if let cache = req.application.reportCache {
            details = try await cache.value(.init(planID: planID, version: plan.dataVersion, asOf: AsOf.today(), kind: "kpi-\(kpiID)-\(maySignOff)"), compute: draw)
        } else {
            details = try await draw()
        }
        let entry: HTML = mayEnter ? Self.entryForm(kpi, form: form, errors: errors, token: token, final: maySignOff) : ""
        return Layout.page(kpi.name, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title), ("/plans/\(planID)/kpis", "Measurable outcomes")]))
        <h1>\(kpi.name)</h1>
        \(notice)
        \(HTML(unsafe: details.rendered.replacingOccurrences(of: Self.tokenPlaceholder, with: token)))
        \(entry)
        """)
    }

    static func details(_ kpi: KPI, maySignOff: Bool, on db: any Database) async throws -> HTML {
        let report = try await KPIReport.load(planID: kpi.$plan.id, only: kpi.id, on: db)
        guard let row = report.kpis.first(where: { $0.id == kpi.id }) else { throw Abort(.notFound) }
        let stored = maySignOff ? try await KPIValue.query(on: db).filter(\.$kpi.$id == row.id).all() : []
        let valueRows = row.values.map { point -> HTML in
            let record = stored.first { $0.period == point.period }
            let signOff: HTML = point.provisional && record != nil
                ? "<form method=\"post\" action=\"/kpis/\(row.id)/values/\(record!.id ?? 0)/sign-off\" class=\"inline-form\">\(Layout.csrfField(tokenPlaceholder))<input type=\"hidden\" name=\"version\" value=\"\(record!.version)\"><button class=\"link-button\" type=\"submit\">Sign off<span class=\"visually-hidden\"> \(point.period)</span></button></form>"
                : ""
            return """
            <tr><th scope="row">\(KPIReport.label(point.period))</th><td class="numeric">\(Self.shown(point.value, row.unit))</td><td class="numeric">\(Self.shown(point.target, row.unit))</td>
            <td>\(Self.ratingTag(point.rating, provisional: point.provisional)) \(signOff)</td><td>\(Self.direction(point.direction))</td><td>\(point.commentary)</td></tr>
            """
        }
        let series = KPIChart.Series(periods: row.values.map { KPIReport.label($0.period) }, values: row.values.map { $0.value.flatMap(ExactNumber.init(parsing:)) },
                                     targets: row.values.map { $0.target.flatMap(ExactNumber.init(parsing:)) },
                                     benchmarks: row.benchmarks.compactMap { b in ExactNumber(parsing: b.value).map { (b.source, $0) } }, unit: row.unit)
        let benchmarks = row.benchmarks.map { "<tr><th scope=\"row\">\($0.source)</th><td class=\"numeric\">\(Self.shown($0.value, row.unit))</td><td>\($0.asOf ?? "–")</td></tr>" as HTML }
        return """
        <dl class="summary-list">
          <dt>Area</dt><dd>\(row.area ?? "The whole plan")</dd>
          <dt>Unit</dt><dd>\(row.unit.label)</dd><dt>Polarity</dt><dd>\(row.polarity.label)</dd>
          <dt>Frequency</dt><dd>\(row.frequency.label)</dd><dt>Tolerance</dt><dd>\(Self.tolerance(kpi.toleranceRule, unit: row.unit))</dd>
          <dt>Owner</dt><dd>\(row.owner ?? "None")</dd>
          <dt>Published</dt><dd>\(kpi.published ? "Yes: shown on the public pages once signed off" : "No")</dd>
          \(kpi.dataSource.map { "<dt>Data source</dt><dd>\($0)</dd>" as HTML })
          \(kpi.details.map { "<dt>Definition</dt><dd>\($0)</dd>" as HTML })
        </dl>
        <h2>Values over time</h2>
        \(KPIChart.svg(series, title: "\(row.name): values, targets and benchmarks by period", id: "kpi-\(row.id)"))
        <table class="table" id="kpi-\(row.id)-table"><caption>Values of \(row.name), by period</caption>
        <thead><tr><th scope="col">Period</th><th scope="col" class="numeric">Value</th><th scope="col" class="numeric">Target</th><th scope="col">Rating</th><th scope="col">Direction of travel</th><th scope="col">Commentary</th></tr></thead>
        <tbody>\(valueRows)</tbody></table>
        \(benchmarks.isEmpty ? HTML("") : HTML("""
        <h2>Benchmarks</h2>
        <table class="table"><caption class="visually-hidden">Benchmarks of \(row.name)</caption>
        <thead><tr><th scope="col">Comparator</th><th scope="col" class="numeric">Value</th><th scope="col">As of</th></tr></thead><tbody>\(benchmarks)</tbody></table>
        """))
        """
    }

    static func entryForm(_ row: KPI, form: KPIValueService.Input?, errors: [FieldError], token: String, final: Bool) -> HTML {
        let input = form ?? KPIValueService.Input()
        let version = form?.version.map(String.init) ?? ""
        return """
        <h2 id="enter">Enter a value</h2>
        <p>For a period that already has one, the value you enter replaces it; both stay in the audit trail. A value rated RED needs a commentary saying what is being done.</p>
        <form method="post" action="/kpis/\(row.id ?? 0)/values" novalidate>\(Layout.csrfField(token))
          <input type="hidden" name="version" value="\(version)">
          \(MilestoneUpdateForm.textField("period", "Period", hint: row.frequency == .monthly ? "The month, for example Apr 2017" : "The reporting period, for example Q3 2017-18", value: input.period, errors: errors))
          \(MilestoneUpdateForm.textField("value", "Value", hint: "In \(row.unit.label.lowercased()), for example \(row.unit == .yesNo ? "yes" : "40.5")", value: input.value, errors: errors))
          \(MilestoneUpdateForm.textField("target", "Target", hint: "Leave empty to keep the period's target, or for a new period the one before it", value: input.target, errors: errors))
          \(MilestoneUpdateForm.textarea("commentary", "Commentary", hint: "What the value shows, and for a RED value what is being done", value: input.commentary, errors: errors))
          \(final ? HTML("<div class=\"checkboxes\"><div class=\"checkboxes__item\"><input class=\"checkboxes__input\" id=\"provisional\" name=\"provisional\" type=\"checkbox\" value=\"yes\"\(input.provisional ? " checked" : "")><label class=\"label checkboxes__label\" for=\"provisional\">Provisional: the figure is not yet final</label></div></div>")
                 : HTML("<p class=\"hint\">Your value is provisional until the performance team signs it off.</p>"))
          <button class="button" type="submit">Save value</button>
        </form>
        """
    }

    func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let kpiID = req.parameters.get("kpiID").flatMap(Int.init) else { throw Abort(.notFound) }
        let fields = try req.content.decode([String: String].self)
        let period = fields["period"] ?? ""
        let existing = try await KPIValue.query(on: req.db).filter(\.$kpi.$id == kpiID).all().first { $0.period.caseInsensitiveCompare(period.trimmingCharacters(in: .whitespaces)) == .orderedSame }
        // A period that has a value is changed from the version shown; a new one from none.
        let input = KPIValueService.Input(period: period, value: fields["value"] ?? "", target: fields["target"] ?? "", commentary: fields["commentary"] ?? "",
                                          provisional: fields["provisional"] == "yes",
                                          version: fields["version"].flatMap(Int.init) ?? existing?.version)
        switch try await KPIValueService(db: req.db, user: user).save(input, kpiID: kpiID) {
        case .saved: return req.redirect(to: "/kpis/\(kpiID)?saved=1")
        case .invalid(let errors): return Response.html(try await page(req, errors: errors, form: input, notice: nil), status: .unprocessableEntity)
        case .conflict(let by, _, _):
            let errors = [FieldError(field: "value", message: "\(by) changed this period's value while you were entering yours; check it below and enter yours again")]
            return Response.html(try await page(req, errors: errors, form: input, notice: nil), status: .conflict)
        }
    }

    func signOff(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let kpiID = req.parameters.get("kpiID").flatMap(Int.init), let valueID = req.parameters.get("valueID").flatMap(Int.init) else { throw Abort(.notFound) }
        let version = (try? req.content.get(Int.self, at: "version")) ?? 0
        switch try await KPIValueService(db: req.db, user: user).signOff(valueID: valueID, version: version) {
        case .saved: return req.redirect(to: "/kpis/\(kpiID)?saved=1")
        case .invalid(let errors): return Response.html(try await page(req, errors: errors, form: nil, notice: nil), status: .unprocessableEntity)
        case .conflict(let by, _, _):
            return Response.html(try await page(req, errors: [FieldError(field: "enter", message: "\(by) changed the value first; check it and sign off again")], form: nil, notice: nil), status: .conflict)
        }
    }
}
