import Vapor
import WaymarkCore

/// `/admin/schemes`: the status schemes plans may choose, and the form on which an administrator
/// defines one in the council's own words (up to eight statuses, each with its kind and colour).
struct SchemeAdminPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "schemes", use: index)
        routes.get("admin", "schemes", "new", use: newForm)
        routes.post("admin", "schemes", "new", use: create)
        routes.get("admin", "schemes", ":schemeID", use: editForm)
        routes.post("admin", "schemes", ":schemeID", use: update)
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.editSettings)
        let defined = try await StatusSchemeService.defined(on: req.db)
        func describe(_ scheme: StatusScheme) -> HTML {
            "<ul class=\"list\">\(scheme.statuses.map { "<li>\(Layout.statusTag($0.short, key: $0.colour)) <code>\($0.code)</code>: \(scheme.meaning(of: $0))</li>" as HTML })</ul>"
        }
        let builtIn = StatusScheme.builtIn.map { "<h3>\($0.name) <span class=\"hint\">(built in: <code>\($0.code)</code>)</span></h3>\(describe($0))" as HTML }
        let custom = defined.map { stored -> HTML in
            let use: HTML = stored.plans == 0 ? " <a href=\"/admin/schemes/\(stored.id)\">Change<span class=\"visually-hidden\"> \(stored.scheme.name)</span></a>"
                : " <span class=\"hint\">(\(stored.plans) plan\(stored.plans == 1 ? "" : "s") report in it)</span>"
            return "<h3>\(stored.scheme.name) <span class=\"hint\">(<code>\(stored.scheme.code)</code>)</span>\(use)</h3>\(describe(stored.scheme))"
        }
        return Layout.page("Status schemes", context: req.layoutContext, """
        <h1>Status schemes</h1>
        <p>A plan reports its milestones in one scheme, chosen on the plan's settings page. Lateness is always measured against the original deadline.</p>
        <p><a class="button" href="/admin/schemes/new">Define a scheme</a></p>
        <h2>Defined by the council</h2>
        \(custom.isEmpty ? HTML("<p>None yet.</p>") : HTML(unsafe: custom.map(\.rendered).joined()))
        <h2>Built in</h2>
        \(builtIn)
        """)
    }

    func newForm(req: Request) async throws -> HTML {
        try req.authorize(.editSettings)
        let example = SchemeDraft(name: "", rows: [
            .init(name: "Achieved", kind: "completed", colour: "blue"),
            .init(name: "On track", kind: "on_track", colour: "green"),
            .init(name: "Slipping: up to 10 days late", short: "Slipping", kind: "late_within_tolerance", colour: "amber", lateUpTo: "10 days"),
            .init(name: "Off track: more than 10 days late", short: "Off track", kind: "late_beyond_tolerance", colour: "red"),
            .init(name: "On hold", kind: "by_decision", colour: "grey"),
        ])
        return form(req, action: "/admin/schemes/new", draft: example, version: 0, errors: [])
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.editSettings)
        let draft = try Self.draft(req)
        switch try await StatusSchemeService(db: req.db, user: user).save(draft, id: nil, version: 0) {
        case .saved: return req.redirect(to: "/admin/schemes")
        case .invalid(let errors): return Response.html(form(req, action: "/admin/schemes/new", draft: draft, version: 0, errors: errors), status: .unprocessableEntity)
        case .conflict: return req.redirect(to: "/admin/schemes")
        }
    }

    func editForm(req: Request) async throws -> HTML {
        try req.authorize(.editSettings)
        let stored = try await Self.stored(req)
        return form(req, action: "/admin/schemes/\(stored.id)", draft: SchemeDraft(stored.scheme), version: stored.version, errors: [])
    }

    func update(req: Request) async throws -> Response {
        let user = try req.authorize(.editSettings)
        let stored = try await Self.stored(req)
        let draft = try Self.draft(req)
        let version = Int((try? req.content.get(String.self, at: "version")) ?? "") ?? -1
        switch try await StatusSchemeService(db: req.db, user: user).save(draft, id: stored.id, version: version) {
        case .saved: return req.redirect(to: "/admin/schemes")
        case .invalid(let errors): return Response.html(form(req, action: "/admin/schemes/\(stored.id)", draft: draft, version: version, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let current):
            let fresh = try await Self.stored(req)
            return Response.html(form(req, action: "/admin/schemes/\(fresh.id)", draft: SchemeDraft(fresh.scheme), version: current, errors: [],
                                      conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    private static func stored(_ req: Request) async throws -> StatusSchemeService.Stored {
        guard let id = req.parameters.get("schemeID").flatMap(Int.init), let found = try await StatusSchemeService.defined(on: req.db).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "There is no such status scheme.")
        }
        return found
    }

    private static func draft(_ req: Request) throws -> SchemeDraft {
        let form = try req.content.decode([String: String].self)
        let rows = (1...SchemeDraft.maximumRows).map { n in
            SchemeDraft.Row(name: form["row-\(n)-name"] ?? "", short: form["row-\(n)-short"] ?? "", kind: form["row-\(n)-kind"] ?? "",
                            colour: form["row-\(n)-colour"] ?? "", lateUpTo: form["row-\(n)-late"] ?? "")
        }
        return SchemeDraft(name: form["name"] ?? "", rows: rows)
    }

    private func form(_ req: Request, action: String, draft: SchemeDraft, version: Int, errors: [FieldError], conflict: HTML = "") -> HTML {
        let kinds = [("", "Not used")] + StatusScheme.Kind.allCases.map { ($0.rawValue, $0.label) }
        let colours = [("", "Choose")] + SchemeDraft.colours.map { ($0, $0.capitalized) }
        let rows = (1...SchemeDraft.maximumRows).map { n -> HTML in
            let row = n <= draft.rows.count ? draft.rows[n - 1] : SchemeDraft.Row(name: "", kind: "", colour: "")
            return """
            <fieldset class="fieldset"><legend class="fieldset__legend">Status \(n)</legend>
            \(MilestoneUpdateForm.textField("row-\(n)-name", "Name", hint: n == 1 ? "Leave a status's name blank to leave it out" : nil, value: row.name, errors: errors))
            \(MilestoneUpdateForm.textField("row-\(n)-short", "Short label (optional)", hint: "For tags and chart legends; the name's first part is used if blank", value: row.short, errors: errors))
            \(FormFields.select("row-\(n)-kind", "What it means", options: kinds, selected: row.kind, errors: errors))
            \(FormFields.select("row-\(n)-colour", "Colour", hint: "The name always says the same in words", options: colours, selected: row.colour, errors: errors))
            \(MilestoneUpdateForm.textField("row-\(n)-late", "For a late status: how late it covers (optional)", hint: "Such as \"1 month\" or \"10 days\"; blank for the last late status", value: row.lateUpTo, errors: errors))
            </fieldset>
            """
        }
        return Layout.page("Define a status scheme", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/admin/schemes", "Status schemes")]))
        \(conflict)
        <h1>Define a status scheme</h1>
        <p>Statuses are listed in reports in this order. Exactly one means completed and one on track; late statuses, in order, cover growing lateness against the original deadline, and the last covers anything later. A status that means "set by decision" is given by the performance team with a reason.</p>
        <form method="post" action="\(action)" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
        <input type="hidden" name="version" value="\(version)">
        \(MilestoneUpdateForm.textField("name", "Scheme name", hint: "Such as \"Havering: within 10 days\"", value: draft.name, errors: errors))
        \(rows)
        <button class="button" type="submit">Save the scheme</button>
        </form>
        """)
    }
}
