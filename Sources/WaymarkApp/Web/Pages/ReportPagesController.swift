import Fluent
import Vapor
import WaymarkCore

/// A period's Board report pack in each format, and the pages where the performance team writes
/// its narrative and sets rating overrides.
struct ReportPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("periods", ":periodID", "pack", use: pack)
        routes.get("periods", ":periodID", "pack.csv", use: csv)
        routes.get("periods", ":periodID", "outcomes.csv", use: outcomesCSV)
        routes.get("periods", ":periodID", "pack.xlsx", use: xlsx)
        routes.get("periods", ":periodID", "pack.pdf", use: pdf)
        routes.get("periods", ":periodID", "narrative", use: narrativeForm)
        routes.post("periods", ":periodID", "narrative", use: saveNarrative)
        routes.post("periods", ":periodID", "rating", use: overrideRating)
    }

    private func report(_ req: Request) async throws -> PeriodReport {
        try await cachedReport(req).report
    }

    /// Built once per data version of the plan: a pack with hundreds of KPIs takes seconds to
    /// gather, and every write that changes what a pack says bumps the version in its own
    /// transaction. A past view (`recorded_on`) is rebuilt from the audit trail each time, and has
    /// no key. The key is returned so that what is drawn from the report is cached under the
    /// very version the report was built from.
    private func cachedReport(_ req: Request) async throws -> (report: PeriodReport, key: ReportCache.Key?) {
        try req.authorize(.read)
        let record = try await PeriodPagesController.period(req)
        guard let period = record.period, let plan = try await Plan.find(record.$plan.id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such reporting period.")
        }
        let today = AsOf.today(), recordedOn = try req.recordedOnDate(), db = req.db
        let build = { @Sendable in try await PeriodReport.build(plan: plan, period: period, record: record, today: today, recordedOn: recordedOn, on: db) }
        guard recordedOn == nil, let cache = req.application.reportCache else { return (try await build(), nil) }
        let key = ReportCache.Key(planID: try plan.requireID(), version: plan.dataVersion, asOf: today, kind: "pack-\(try record.requireID())")
        return (try await cache.value(key, compute: build), key)
    }

    func pack(req: Request) async throws -> HTML {
        let (report, key) = try await cachedReport(req)
        let generatedOn = key?.asOf ?? AsOf.today()
        let draw = { @Sendable in Layout.scrollingTables(BoardPackHTML.body(report, generatedOn: generatedOn)) }
        var htmlKey = key
        htmlKey?.kind += "-html"
        let body = if let htmlKey, let cache = req.application.reportCache { try await cache.value(htmlKey, compute: draw) } else { draw() }
        let canEdit = req.currentUser?.access.may(.manageReporting) == true
        // Downloads of a past view are the same past view.
        let past = report.recordedOn.map { "?recorded_on=\($0.iso)" } ?? ""
        return Layout.page(BoardPackHTML.title(report), context: req.layoutContext, tablesWrapped: true, """
        <div class="no-print">
        \(Layout.breadcrumbs([("/plans/\(report.planID)", report.planTitle), ("/periods/\(report.periodID)", report.period.label)]))
        <p>Download as <a href="/periods/\(report.periodID)/pack.pdf\(past)">PDF</a>, <a href="/periods/\(report.periodID)/pack.xlsx\(past)">spreadsheet (XLSX)</a> or <a href="/periods/\(report.periodID)/pack.csv\(past)">CSV</a> (measurable outcomes: <a href="/periods/\(report.periodID)/outcomes.csv\(past)">CSV</a>). This page also prints to A4.\(canEdit ? HTML(" <a href=\"/periods/\(report.periodID)/narrative\">Write the narrative and ratings</a>.") : "")</p>
        </div>
        \(body)
        """)
    }

    func csv(req: Request) async throws -> Response {
        let report = try await report(req)
        return .download(Array(DeliveryPlanExport.csv(report).utf8), type: "text/csv; charset=utf-8", name: fileName(report, "csv"))
    }

    func outcomesCSV(req: Request) async throws -> Response {
        let report = try await report(req)
        return .download(Array(DeliveryPlanExport.outcomesCSV(report).utf8), type: "text/csv; charset=utf-8", name: fileName(report, "csv").replacingOccurrences(of: ".csv", with: "-outcomes.csv"))
    }

    func xlsx(req: Request) async throws -> Response {
        let report = try await report(req)
        let bytes = try await req.application.threadPool.runIfActive { try DeliveryPlanExport.workbook(report) }
        return .download(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: fileName(report, "xlsx"))
    }

    /// Printed by headless Chromium, a few at a time (`PackPDFs`); a closed period's PDF is kept
    /// and served again without printing.
    func pdf(req: Request) async throws -> Response {
        let report = try await report(req)
        do {
            let bytes = try await req.application.packPDFs.pdf(report, generatedOn: AsOf.today(), on: req.db)
            return .download(bytes, type: "application/pdf", name: fileName(report, "pdf"))
        } catch let unavailable as PDFPrinter.Unavailable {
            throw Abort(.serviceUnavailable, reason: unavailable.description)
        } catch is PDFRenderLimiter.Busy {
            let response = Response.html(Layout.page("Try again in a minute", context: req.layoutContext, """
            <h1>Try again in a minute</h1>
            <p>Waymark is making other PDFs just now. Try again in a minute.</p>
            <p><a href="/periods/\(report.periodID)/pack\(report.recordedOn.map { "?recorded_on=\($0.iso)" } ?? "")">Read the Board report pack as a page</a>, which prints to A4 from the browser.</p>
            """), status: .serviceUnavailable)
            response.headers.replaceOrAdd(name: .retryAfter, value: "60")
            return response
        }
    }

    private func fileName(_ report: PeriodReport, _ suffix: String) -> String {
        let base = "\(report.planTitle) \(report.period.label) board pack".map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(base).split(separator: "-").joined(separator: "-") + "." + suffix
    }

    func narrativeForm(req: Request) async throws -> HTML {
        try req.authorize(.manageReporting)
        return try await narrativePage(req, report: try await report(req), errors: [], failedArea: nil, failed: nil)
    }

    private func narrativePage(_ req: Request, report: PeriodReport, errors: [FieldError], failedArea: Int?, failed: PeriodReportService.Narrative?) async throws -> HTML {
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let closed = report.isFinal
        let sections = report.areas.map { area -> HTML in
            let text = area.areaID == failedArea ? failed ?? .init() : report.narratives[area.areaID] ?? .init()
            let areaErrors = area.areaID == failedArea ? errors : []
            let suffix = "-\(area.areaID)"
            // A closed period's narrative is frozen: shown as the pack prints it, with no form to edit.
            let narrative: HTML = closed ? """
                <h3>Narrative</h3>
                \(zip(PeriodReportService.sectionNames, [text.background, text.achievements, text.continuing]).map { name, body -> HTML in
                    "<h4>\(name)</h4>" + (body.isEmpty ? "<p class=\"hint\">Nothing written</p>" : BoardPackHTML.paragraphs(body))
                })
                """ : """
                <form method="post" action="/periods/\(report.periodID)/narrative" novalidate>\(csrf)<input type="hidden" name="area_id" value="\(area.areaID)">
                  \(MilestoneUpdateForm.textarea("background\(suffix)", "Background", hint: nil, value: text.background, errors: areaErrors.map { .init(field: $0.field + suffix, message: $0.message) }))
                  \(MilestoneUpdateForm.textarea("achievements\(suffix)", "Key achievements", hint: "Start lines with \"- \" for a list", value: text.achievements, errors: []))
                  \(MilestoneUpdateForm.textarea("continuing\(suffix)", "Areas where work continues to progress", hint: nil, value: text.continuing, errors: []))
                  <button class="button" type="submit">Save the \(area.name) narrative</button>
                </form>
                """
            return """
            <section class="panel"><h2>\(area.name)</h2>
            <p>Rule: \(area.ruleExplanation). Showing in the report: \(FormFields.ratingTag(area.rating))</p>
            \(narrative)
            <form method="post" action="/periods/\(report.periodID)/rating" novalidate>\(csrf)<input type="hidden" name="area_id" value="\(area.areaID)">
              \(FormFields.radios("rating", legend: "Delivery status for \(area.name)", options: [("", "Use the rule's rating")] + DeliveryRating.allCases.map { ($0.rawValue, $0.label) },
                                  selected: area.override?.rating.rawValue ?? "", errors: area.areaID == failedArea ? errors : [], idSuffix: suffix))
              \(MilestoneUpdateForm.textarea("justification\(suffix)", "Justification shown in the report (needed to override)", hint: nil, value: area.override?.justification ?? "",
                                             errors: (area.areaID == failedArea ? errors : []).map { .init(field: $0.field + suffix, message: $0.message) }))
              <button class="button button--secondary" type="submit">Save the rating</button>
            </form></section>
            """
        }
        return Layout.page("Narrative and ratings: \(report.period.label)", context: req.layoutContext, errors: errors.map { .init(field: $0.field + "-\(failedArea ?? 0)", message: $0.message) }, """
        \(Layout.breadcrumbs([("/periods/\(report.periodID)", report.period.label), ("/periods/\(report.periodID)/pack", "Board report pack")]))
        <h1>Narrative and ratings for \(report.period.label)</h1>
        \(closed ? HTML("""
        <p>\(report.period.label) is closed, so its narrative and author are frozen as below; an administrator can reopen the period to change them. Ratings can still be overridden with a justification.</p>
        <dl class="summary-list"><dt>Report author</dt><dd>\(report.author?.isEmpty == false ? report.author! : "Not recorded")</dd></dl>
        """) : """
        <form method="post" action="/periods/\(report.periodID)/narrative" novalidate>\(csrf)
          \(MilestoneUpdateForm.textField("author", "Report author", hint: "Name and job title, as the title block shows them", value: report.author ?? "", errors: []))
          <button class="button button--secondary" type="submit">Save the author</button>
        </form>
        """)
        \(sections)
        """)
    }

    func saveNarrative(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let periodID = try period.requireID()
        let form = try req.content.decode([String: String].self)
        let author = form["author"] ?? ""
        guard let areaID = form["area_id"].flatMap(Int.init) else {
            let errors = try await PeriodReportService(db: req.db, user: user).setAuthor(periodID: periodID, author: author).errors
            guard errors.isEmpty else {
                return Response.html(try await narrativePage(req, report: try await report(req), errors: errors, failedArea: nil, failed: nil), status: .unprocessableEntity)
            }
            return req.redirect(to: "/periods/\(periodID)/narrative")
        }
        let narrative = PeriodReportService.Narrative(background: form["background-\(areaID)"] ?? "", achievements: form["achievements-\(areaID)"] ?? "",
                                                      continuing: form["continuing-\(areaID)"] ?? "")
        let errors = try await PeriodReportService(db: req.db, user: user).saveNarrative(periodID: periodID, areaID: areaID, narrative, author: author).errors
        guard errors.isEmpty else {
            return Response.html(try await narrativePage(req, report: try await report(req), errors: errors, failedArea: areaID, failed: narrative), status: .unprocessableEntity)
        }
        return req.redirect(to: "/periods/\(periodID)/narrative")
    }

    func overrideRating(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let form = try req.content.decode([String: String].self)
        guard let areaID = form["area_id"].flatMap(Int.init) else { throw Abort(.badRequest, reason: "Choose an area.") }
        let errors = try await PeriodReportService(db: req.db, user: user).overrideRating(
            periodID: try period.requireID(), areaID: areaID, rating: form["rating"] ?? "", justification: form["justification-\(areaID)"] ?? "").errors
        guard errors.isEmpty else {
            return Response.html(try await narrativePage(req, report: try await report(req), errors: errors, failedArea: areaID, failed: nil), status: .unprocessableEntity)
        }
        return req.redirect(to: "/periods/\(try period.requireID())/narrative")
    }
}
