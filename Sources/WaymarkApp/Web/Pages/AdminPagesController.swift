import Fluent
import SQLKit
import Vapor
import WaymarkCore

/// The audit trail (admin and performance team) and each person's API tokens.
struct AdminPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "audit", use: audit)
        routes.get("admin", "audit", "export", use: AuditExportPage.handle)
        routes.get("account", "tokens", use: tokens)
        routes.post("account", "tokens", use: createToken)
        routes.post("account", "tokens", ":tokenID", "revoke", use: revokeToken)
    }

    func audit(req: Request) async throws -> HTML {
        try req.authorize(.viewAudit)
        let actionFilter = (req.query[String.self, at: "action"] ?? "").trimmingCharacters(in: .whitespaces)
        let actorFilter = (req.query[String.self, at: "actor"] ?? "").trimmingCharacters(in: .whitespaces)
        var query = AuditEvent.query(on: req.db).sort(\.$id, .descending).limit(200)
        if !actionFilter.isEmpty { query = query.filter(\.$action == actionFilter) }
        if !actorFilter.isEmpty { query = query.filter(\.$actor ~~ actorFilter) }
        let events = try await query.all()
        let names = events.isEmpty ? AuditNames() : try await AuditNames.load(on: req.db)
        let rows = events.map { e -> HTML in
            let summary = AuditWords.readable(e.summary)
            return """
            <tr><td>\(e.occurredAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(e.actor)</td><td>\(AuditWords.action(e.action))</td>
            <td>\(e.entity == "milestone" ? HTML("<a href=\"/milestones/\(e.entityID ?? 0)\">\(summary)</a>") : "\(summary)")
            \(MilestoneHistory.changeSummary(e, names: names).map { "<br><span class=\"hint\">\($0)</span>" as HTML })</td></tr>
            """
        }
        // Every action Waymark records, and any other found in the trail, by its words.
        let known = Set(AuditWords.actions.map(\.code))
        struct Row: Decodable { var action: String }
        let recorded = try await req.db.sql.raw("SELECT DISTINCT action FROM audit_events").all(decoding: Row.self).map(\.action)
        let others = Set(recorded + [actionFilter]).subtracting(known).filter { !$0.isEmpty }.sorted().map { ($0, AuditWords.action($0)) }
        let options = [("", "Any action")] + (AuditWords.actions + others).map { ($0.0, $0.1) }
        return Layout.page("Audit trail", context: req.layoutContext, """
        <h1>Audit trail</h1>
        <p>Every change, newest first. Entries are never edited or removed.\(req.currentUser?.access.may(.exportAudit) == true ? HTML(" <a href=\"/admin/audit/export\">Export the audit trail for a date range</a>.") : "")</p>
        <form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit trail">
          \(FormFields.select("action", "Action", options: options, selected: actionFilter, errors: []))
          <div class="form-group"><label class="label" for="actor">Who</label><input class="input" id="actor" name="actor" value="\(actorFilter)"></div>
          <div class="form-group"><button class="button button--secondary" type="submit">Apply filters</button></div>
        </form>
        <table class="table"><caption class="visually-hidden">Audit entries</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">What</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """)
    }

    func tokens(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        return try await tokensPage(req, user: user, created: nil)
    }

    func createToken(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let name = ((try? req.content.get(String.self, at: "name")) ?? "").trimmingCharacters(in: .whitespaces)
        let token = try await APITokenService(db: req.db).create(for: user, name: name.isEmpty ? "API token" : name, by: AuditLog.actor(user))
        return Response.html(try await tokensPage(req, user: user, created: token), status: .created)
    }

    func revokeToken(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("tokenID").flatMap(Int.init) else { throw Abort(.notFound) }
        try await APITokenService(db: req.db).revoke(id, of: user, by: AuditLog.actor(user))
        return req.redirect(to: "/account/tokens")
    }

    private func tokensPage(_ req: Request, user: User, created: String?) async throws -> HTML {
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == user.requireID()).sort(\.$id).all()
        let token = CSRF.token(for: req)
        let rows = tokens.map { t -> HTML in
            let state: HTML = t.revokedAt == nil
                ? "<form method=\"post\" action=\"/account/tokens/\(t.id ?? 0)/revoke\" class=\"inline-form\">\(Layout.csrfField(token))<button class=\"link-button\" type=\"submit\">Revoke<span class=\"visually-hidden\"> \(t.name)</span></button></form>"
                : "Revoked"
            return "<tr><td>\(t.name)</td><td>\(t.createdAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(state)</td></tr>"
        }
        let notice: HTML = created.map {
            "<div class=\"notification notification--success\" role=\"status\"><h2>Token created</h2><p>Copy it now; it will not be shown again: <strong><code>\($0)</code></strong></p></div>"
        } ?? ""
        return Layout.page("API tokens", context: req.layoutContext, """
        <h1>API tokens</h1>
        <p>Scripts use a token to read and write through the JSON API at /api/v1 with your account's permissions (\(user.role.label.lowercased())). Send it as <code>Authorization: Bearer TOKEN</code>.</p>
        \(notice)
        <table class="table"><caption class="visually-hidden">Your tokens</caption><thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">State</th></tr></thead><tbody>\(rows)</tbody></table>
        <form method="post" action="/account/tokens">\(Layout.csrfField(token))
          <div class="form-group"><label class="label" for="name">Token name</label><span class="hint" id="name-hint">What the token is for, such as "Quarterly export script"</span>
          <input class="input input--width-20" id="name" name="name" aria-describedby="name-hint"></div>
          <button class="button" type="submit">Create token</button>
        </form>
        """)
    }
}
