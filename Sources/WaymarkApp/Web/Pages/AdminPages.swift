import Fluent
import Vapor
import WaymarkCore

/// Users (admin), the audit trail (admin and performance team), and each person's API tokens.
struct AdminPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "users", use: users)
        routes.post("admin", "users", use: createUser)
        routes.get("admin", "audit", use: audit)
        routes.get("account", "tokens", use: tokens)
        routes.post("account", "tokens", use: createToken)
        routes.post("account", "tokens", ":tokenID", "revoke", use: revokeToken)
    }

    struct NewUser: Content {
        var email: String?
        var display_name: String?
        var role: String?
        var person_id: String?
    }

    func users(req: Request) async throws -> HTML {
        try req.authorize(.manageUsers)
        return try await usersPage(req, form: NewUser(), errors: [], created: nil)
    }

    func createUser(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let form = try req.content.decode(NewUser.self)
        var errors: [FieldError] = []
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = (form.display_name ?? "").trimmingCharacters(in: .whitespaces)
        if email.isEmpty || !email.contains("@") { errors.append(.init(field: "email", message: "Enter an email address, like name@council.gov.uk")) }
        if name.isEmpty { errors.append(.init(field: "display_name", message: "Enter the person's name")) }
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil { errors.append(.init(field: "role", message: "Select a role")) }
        let personID = form.person_id.flatMap { Int($0) }
        if role == .leadOfficer && personID == nil { errors.append(.init(field: "person_id", message: "Select the lead officer this account updates milestones for")) }
        if let personID, try await Person.find(personID, on: req.db) == nil { errors.append(.init(field: "person_id", message: "Select a lead officer from the list")) }
        guard errors.isEmpty, let role else {
            return Response.html(try await usersPage(req, form: form, errors: errors, created: nil), status: .unprocessableEntity)
        }
        let password = AccountService.randomPassword()
        do {
            _ = try await AccountService(db: req.db).createUser(email: email, displayName: name, password: password, role: role,
                                                                  personID: personID, by: AuditLog.actor(admin))
        } catch let taken as EmailTaken {
            let error = FieldError(field: "email", message: "There is already an account for \(taken.email)")
            return Response.html(try await usersPage(req, form: form, errors: [error], created: nil), status: .unprocessableEntity)
        }
        return Response.html(try await usersPage(req, form: NewUser(), errors: [], created: (email, password)), status: .created)
    }

    private func usersPage(_ req: Request, form: NewUser, errors: [FieldError], created: (String, String)?) async throws -> HTML {
        let users = try await User.query(on: req.db).with(\.$person).sort(\.$email).all()
        let people = try await Person.query(on: req.db).sort(\.$name).all()
        let rows = users.map { u -> HTML in
            "<tr><td>\(u.displayName)</td><td>\(u.email)</td><td>\(u.role.label)</td><td>\(u.person?.name ?? "")</td></tr>"
        }
        // No role is chosen for the administrator: an account made in haste must not become another admin.
        let roleOptions = ["<option value=\"\">Select a role</option>" as HTML] + Role.allCases.map { r -> HTML in
            "<option value=\"\(r.rawValue)\"\(form.role == r.rawValue ? HTML(" selected") : "")>\(r.label)</option>"
        }
        let personOptions = people.map { p -> HTML in
            "<option value=\"\(p.id ?? 0)\"\(form.person_id == String(p.id ?? 0) ? HTML(" selected") : "")>\(p.name)</option>"
        }
        let notice: HTML = created.map { email, password in
            """
            <div class="notification notification--success" role="status"><h2>Account created</h2>
            <p>Give \(email) this one-time password by a secure route: <strong><code>\(password)</code></strong>. It will not be shown again.</p></div>
            """
        } ?? ""
        func error(_ field: String) -> HTML {
            errors.first { $0.field == field }.map { "<p class=\"error-message\" id=\"\(field)-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML } ?? ""
        }
        return Layout.page("Users", context: req.layoutContext, errors: errors, """
        <h1>Users</h1>
        \(notice)
        <table class="table"><caption class="visually-hidden">Accounts</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Lead officer</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <h2>Add a user</h2>
        <form method="post" action="/admin/users" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          <div class="form-group"><label class="label" for="display_name">Name</label>\(error("display_name"))<input class="input input--width-20" id="display_name" name="display_name" value="\(form.display_name ?? "")"></div>
          <div class="form-group"><label class="label" for="email">Email address</label>\(error("email"))<input class="input input--width-20" id="email" name="email" type="email" autocomplete="off" spellcheck="false" value="\(form.email ?? "")"></div>
          <div class="form-group"><label class="label" for="role">Role</label>\(error("role"))<select class="select" id="role" name="role">\(roleOptions)</select></div>
          <div class="form-group"><label class="label" for="person_id">Lead officer (for lead officer accounts)</label>
            <span class="hint" id="person_id-hint">The person whose milestones this account updates, joint leads included</span>\(error("person_id"))
            <select class="select" id="person_id" name="person_id" aria-describedby="person_id-hint"><option value="">None</option>\(personOptions)</select></div>
          <button class="button" type="submit">Add user</button>
        </form>
        """)
    }

    func audit(req: Request) async throws -> HTML {
        try req.authorize(.viewAudit)
        let actionFilter = (req.query[String.self, at: "action"] ?? "").trimmingCharacters(in: .whitespaces)
        let actorFilter = (req.query[String.self, at: "actor"] ?? "").trimmingCharacters(in: .whitespaces)
        var query = AuditEvent.query(on: req.db).sort(\.$id, .descending).limit(200)
        if !actionFilter.isEmpty { query = query.filter(\.$action == actionFilter) }
        if !actorFilter.isEmpty { query = query.filter(\.$actor ~~ actorFilter) }
        let events = try await query.all()
        let rows = events.map { e -> HTML in
            """
            <tr><td>\(e.occurredAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(e.actor)</td><td>\(e.action)</td>
            <td>\(e.entity == "milestone" ? HTML("<a href=\"/milestones/\(e.entityID ?? 0)\">\(e.summary)</a>") : "\(e.summary)")
            \(MilestoneHistory.changeSummary(e).map { "<br><span class=\"hint\">\($0)</span>" as HTML })</td></tr>
            """
        }
        return Layout.page("Audit trail", context: req.layoutContext, """
        <h1>Audit trail</h1>
        <p>Every change, newest first. Entries are never edited or removed.</p>
        <form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit trail">
          <div class="form-group"><label class="label" for="action">Action</label><input class="input" id="action" name="action" value="\(actionFilter)"></div>
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
