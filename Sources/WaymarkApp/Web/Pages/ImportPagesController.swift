import Fluent
import Vapor
import WaymarkCore

/// `/import`: upload a plan file (delivery-plan text, CSV, TSV or .xlsx), see exactly what it
/// would change, then apply it. The preview is the import itself, rolled back.
struct ImportPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("import", use: form)
        // Uploads are larger than Vapor's default 16 KB body; the file then rides in the preview form.
        routes.postLargeForm("import", maxSize: "40mb", requires: .editStructure, use: preview)
        routes.postLargeForm("import", "apply", maxSize: "60mb", requires: .editStructure, use: apply)
    }

    /// The session key holding what the last applied import did, until the dashboard shows it.
    static let appliedKey = "import_applied"

    /// The banner confirming an import just applied, once; nothing on any other visit.
    static func appliedBanner(_ req: Request) -> HTML {
        guard req.query[String.self, at: "imported"] == "1", let text = req.session.data[appliedKey] else { return "" }
        req.session.data[appliedKey] = nil
        return FormFields.successBanner("Import applied", text)
    }

    struct Upload: Content {
        var file: File?
        var plan: String?
        var sheet: String?
    }

    struct Confirmed: Content {
        var content: String
        var filename: String
        var plan: String?
        var sheet: String?
    }

    func form(req: Request) async throws -> HTML {
        try req.authorize(.editStructure)
        return try await formPage(req, plan: req.query[String.self, at: "plan"] ?? "", sheet: "", errors: [])
    }

    private func formPage(_ req: Request, plan: String, sheet: String, errors: [FieldError], problems: [ImportProblem] = []) async throws -> HTML {
        let plans = try await Plan.query(on: req.db).sort(\.$title).all()
        let listed: HTML = problems.isEmpty ? "" : """
            <h2>Problems in the file</h2><p>Nothing was imported. Fix these and upload the file again.</p>
            <ul class="list">\(problems.map { "<li>\($0.description)</li>" as HTML })</ul>
            """
        return Layout.page("Import a plan", context: req.layoutContext, errors: errors, """
        <h1>Import a plan</h1>
        <p>Upload the delivery plan copied from the plan document, a CSV or TSV with a header row, or an Excel workbook (.xlsx), such as a delivery plan exported from Waymark and edited. You will see what changes before anything is saved.</p>
        \(listed)
        <form method="post" action="/import" enctype="multipart/form-data" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          <div class="form-group\(errors.contains { $0.field == "file" } ? " form-group--error" : "")"><label class="label" for="file">Plan file</label>
            \(errors.first { $0.field == "file" }.map { "<p class=\"error-message\" id=\"file-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML } ?? "")
            <input class="file-upload" id="file" name="file" type="file" accept=".txt,.csv,.tsv,.xlsx"></div>
          \(FormFields.select("plan", "Import into", options: [("", "A new plan, named from the file")] + plans.map { (String($0.id ?? 0), $0.title) }, selected: plan, errors: errors))
          \(MilestoneUpdateForm.textField("sheet", "Sheet (workbooks only, optional)", hint: "Left blank, every sheet laid out as a plan table is read", value: sheet, errors: errors))
          <button class="button" type="submit">Preview the import</button>
        </form>
        """)
    }

    func preview(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let upload = try req.content.decode(Upload.self)
        // A browser sends a nameless, empty part when no file was chosen.
        guard let file = upload.file, !file.filename.isEmpty || file.data.readableBytes > 0 else {
            return Response.html(try await formPage(req, plan: upload.plan ?? "", sheet: upload.sheet ?? "", errors: [.init(field: "file", message: "Choose a plan file to upload")]),
                                 status: .unprocessableEntity)
        }
        guard file.data.readableBytes > 0 else {
            return Response.html(try await formPage(req, plan: upload.plan ?? "", sheet: upload.sheet ?? "", errors: [.init(field: "file", message: PlanFileLoader.emptyFile)]),
                                 status: .unprocessableEntity)
        }
        let bytes = Array(file.data.readableBytesView)
        return try await run(req, user: user, bytes: bytes, fileName: file.filename, plan: upload.plan, sheet: upload.sheet, apply: false)
    }

    func apply(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let confirmed = try req.content.decode(Confirmed.self)
        guard let data = Data(base64Encoded: confirmed.content) else { throw Abort(.badRequest, reason: "The uploaded file was damaged on its way back; upload it again.") }
        return try await run(req, user: user, bytes: Array(data), fileName: confirmed.filename, plan: confirmed.plan, sheet: confirmed.sheet, apply: true)
    }

    private func run(_ req: Request, user: User, bytes: [UInt8], fileName: String, plan: String?, sheet: String?, apply: Bool) async throws -> Response {
        let sheetName = sheet?.trimmingCharacters(in: .whitespaces).isEmpty == false ? sheet : nil
        let planReference = plan?.isEmpty == false ? plan : nil
        let loaded: PlanFileLoader.Loaded
        // Statuses in the file are read in the words of the plan it goes into.
        var scheme = StatusScheme.standard
        if let planReference, let existing = try await PlanLookup.find(planReference, on: req.db, required: false) { scheme = existing.scheme }
        do {
            // Unzipping and parsing a large workbook is CPU work; keep it off the event loop.
            loaded = try await req.application.threadPool.runIfActive { [scheme] in
                try PlanFileLoader.load(bytes, fileName: fileName, sheet: sheetName, today: AsOf.today(), scheme: scheme)
            }
        } catch let failure as ImportFailure {
            return Response.html(try await formPage(req, plan: plan ?? "", sheet: sheet ?? "", errors: [.init(field: "file", message: "\(fileName) has \(failure.problems.count) problem\(failure.problems.count == 1 ? "" : "s"); see the list below")],
                                                    problems: failure.problems), status: .unprocessableEntity)
        } catch let unreadable as PlanFileLoader.Unreadable {
            return Response.html(try await formPage(req, plan: plan ?? "", sheet: sheet ?? "", errors: [.init(field: sheetName == nil ? "file" : "sheet", message: unreadable.description)]),
                                 status: .unprocessableEntity)
        }
        let service = PlanImportService(db: req.db, actor: AuditLog.actor(user))
        if apply {
            let outcome = try await service.run(loaded.document, planReference: planReference, fileName: fileName)
            // Shown once, as a confirmation banner on the plan's dashboard.
            req.session.data[Self.appliedKey] = "Imported \(fileName) into \"\(outcome.planTitle)\": \(outcome.summary)."
            return req.redirect(to: "/plans/\(outcome.planID)?imported=1")
        }
        let preview = try await service.preview(loaded.document, planReference: planReference, fileName: fileName)
        let o = preview.outcome
        let changes: HTML = preview.changes.isEmpty ? "<p>No existing milestone or activity changes.</p>" : "<ul class=\"list\">\(preview.changes.map { "<li>\($0)</li>" as HTML })</ul>"
        let warnings: HTML = loaded.document.warnings.isEmpty ? "" : "<h2>Warnings</h2><ul class=\"list\">\(loaded.document.warnings.map { "<li>\($0.description)</li>" as HTML })</ul>"
        return Response.html(Layout.page("Check the import", context: req.layoutContext, """
        <h1>Check the import</h1>
        <p>Read from \(loaded.source), into \(o.createdPlan ? "a new plan, \"\(o.planTitle)\"" : "\"\(o.planTitle)\""). Nothing has been saved yet.</p>
        <div class="panel"><p class="lead">\(o.summary.prefix(1).uppercased() + o.summary.dropFirst()).</p></div>
        <h2>Changes to existing items</h2>
        \(changes)
        \(warnings)
        <form method="post" action="/import/apply" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          <input type="hidden" name="content" value="\(Data(bytes).base64EncodedString())">
          <input type="hidden" name="filename" value="\(fileName)"><input type="hidden" name="plan" value="\(planReference ?? "")"><input type="hidden" name="sheet" value="\(sheetName ?? "")">
          <button class="button" type="submit">Apply the import</button> <a href="/import">Cancel</a>
        </form>
        """), status: .ok)
    }
}
