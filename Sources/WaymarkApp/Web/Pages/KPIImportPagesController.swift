import Fluent
import Vapor
import WaymarkCore

/// `/plans/:planID/kpis/import`: the performance team uploads KPIs and their values (CSV, TSV or
/// .xlsx, one row per KPI per period). All or nothing: every bad row is listed and nothing saved.
struct KPIImportPagesController: RouteCollection {
    static let appliedKey = "kpi_import_applied"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "kpis", "import", use: form)
        routes.postLargeForm("plans", ":planID", "kpis", "import", maxSize: "40mb", requires: .manageKPIs, use: upload)
    }

    struct Upload: Content {
        var file: File?
        var sheet: String?
    }

    func form(req: Request) async throws -> HTML {
        try req.authorize(.manageKPIs)
        let plan = try await req.plan()
        return try page(req, plan: plan, errors: [], problems: [])
    }

    func upload(req: Request) async throws -> Response {
        let user = try req.authorize(.manageKPIs)
        let plan = try await req.plan()
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            let message = upload.file?.filename.isEmpty == false ? PlanFileLoader.emptyFile : "Choose a file of KPIs to upload"
            return Response.html(try page(req, plan: plan, errors: [.init(field: "file", message: message)], problems: []), status: .unprocessableEntity)
        }
        let sheet = upload.sheet?.trimmingCharacters(in: .whitespaces)
        do {
            let loaded = try KPIFileLoader.load(Array(file.data.readableBytesView), fileName: file.filename, sheet: sheet?.isEmpty == false ? sheet : nil)
            let outcome = try await KPIImportService(db: req.db, actor: AuditLog.actor(user)).run(loaded.document, planID: try plan.requireID(), fileName: file.filename)
            req.session.data[Self.appliedKey] = "\(loaded.source): \(outcome.summary)."
            return req.redirect(to: "/plans/\(try plan.requireID())/kpis?imported=1")
        } catch let failure as ImportFailure {
            let errors = [FieldError(field: "file", message: "\(file.filename) was not imported: \(Plural.count(failure.problems.count, "problem")) are listed below")]
            return Response.html(try page(req, plan: plan, errors: errors, problems: failure.problems), status: .unprocessableEntity)
        } catch let unreadable as PlanFileLoader.Unreadable {
            return Response.html(try page(req, plan: plan, errors: [.init(field: "file", message: unreadable.description)], problems: []), status: .unprocessableEntity)
        } catch let refused as PlanImportService.Refused {
            return Response.html(try page(req, plan: plan, errors: [.init(field: "file", message: refused.reason)], problems: []), status: .unprocessableEntity)
        }
    }

    /// The banner confirming an import just applied, once.
    static func appliedBanner(_ req: Request) -> HTML {
        guard req.query[String.self, at: "imported"] == "1", let text = req.session.data[appliedKey] else { return "" }
        req.session.data[appliedKey] = nil
        return FormFields.successBanner("KPIs imported", text)
    }

    private func page(_ req: Request, plan: Plan, errors: [FieldError], problems: [ImportProblem]) throws -> HTML {
        let planID = try plan.requireID()
        let fileError = errors.first { $0.field == "file" }
        let listed: HTML = problems.isEmpty ? "" : """
            <h2>Problems in the file</h2><p>Nothing was imported. Fix these and upload the file again.</p>
            <ul class="list">\(problems.map { "<li>\($0.description)</li>" as HTML })</ul>
            """
        return Layout.page("Import KPIs", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title), ("/plans/\(planID)/kpis", "Measurable outcomes")]))
        <h1>Import KPIs</h1>
        <p>Upload a CSV or TSV file, or an Excel workbook (.xlsx), with one row per KPI per period and a header row naming at least the <strong>KPI</strong> and <strong>Period</strong> columns. Other columns Waymark reads: Area, Unit, Polarity (higher, lower or band), Frequency, Roll-up, Owner, Value, Target, Tolerance (such as 10% or 500), Band, Benchmark, Benchmark source, Benchmark date, Commentary, Provisional, Description, Data source and Published.</p>
        <p>Nothing is saved unless the whole file is right. Importing the same file again changes nothing; a closed period's values cannot be changed.</p>
        \(listed)
        <form method="post" action="/plans/\(planID)/kpis/import" enctype="multipart/form-data" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          <div class="form-group\(fileError == nil ? "" : " form-group--error")"><label class="label" for="file">File of KPIs</label>
            \(fileError.map { "<p class=\"error-message\" id=\"file-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML } ?? "")
            <input class="file-upload" id="file" name="file" type="file" accept=".csv,.tsv,.txt,.xlsx"\(fileError == nil ? "" : HTML(" aria-describedby=\"file-error\""))></div>
          \(MilestoneUpdateForm.textField("sheet", "Sheet (workbooks only, optional)", hint: "Left blank, the first sheet with KPI and Period columns is read", value: "", errors: errors))
          <button class="button" type="submit">Import KPIs</button>
        </form>
        """)
    }
}
