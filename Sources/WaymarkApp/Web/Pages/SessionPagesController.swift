import Fluent
import Vapor
import WaymarkCore

/// "Where you are signed in": a person's own sessions, and any account's for administrators.
struct SessionPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", "sessions", use: own)
        routes.post("account", "sessions", ":sessionID", "end", use: endOwn)
        routes.post("admin", "users", ":userID", "sessions", ":sessionID", "end", use: endForUser)
        routes.post("session", "keep-alive", use: keepAlive)
    }

    /// "Stay signed in" in the warning before an idle sign-out: the session counts as active now.
    /// Answers with the seconds it now has left, which the overall limit may keep short.
    func keepAlive(req: Request) async throws -> Response {
        _ = try req.requireUser()
        req.session.data["seen_at"] = String(req.application.now().timeIntervalSince1970)
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(status: .ok, headers: headers, body: .init(string: String(Int(req.sessionRemaining ?? 0))))
    }

    func own(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let sessions = try await SignedInSessions(db: req.db).list(of: try user.requireID(), currentKey: req.session.id?.string)
        return Layout.page("Where you are signed in", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/account", "Your account")]))
        <h1>Where you are signed in</h1>
        <p>If you do not recognise one of these, sign it out and change your password.</p>
        \(Self.table(req, sessions, endPath: { "/account/sessions/\($0)/end" }, caption: "Your signed-in sessions"))
        """)
    }

    func endOwn(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("sessionID").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        _ = try await SignedInSessions(db: req.db).end(id, of: try user.requireID(), by: AuditLog.actor(user))
        return req.redirect(to: "/account/sessions")
    }

    func endForUser(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        guard let id = req.parameters.get("sessionID").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        _ = try await SignedInSessions(db: req.db).end(id, of: try user.requireID(), by: AuditLog.actor(admin))
        return req.redirect(to: "/admin/users/\(try user.requireID())#sessions")
    }

    /// The sessions as a table, each with a button that ends it (not the one in use).
    static func table(_ req: Request, _ sessions: [SignedInSessions.Listed], endPath: (UUID) -> String, caption: String) -> HTML {
        guard !sessions.isEmpty else { return "<p>Not signed in anywhere.</p>" }
        let token = CSRF.token(for: req)
        let rows = sessions.map { s -> HTML in
            let action: HTML = s.isCurrent
                ? "This browser"
                : "<form method=\"post\" action=\"\(endPath(s.id))\" class=\"inline-form\">\(Layout.csrfField(token))<button class=\"link-button\" type=\"submit\">Sign out<span class=\"visually-hidden\"> the session last seen \(s.seenAt.map(MilestoneUpdateForm.timestamp) ?? "")</span></button></form>"
            return """
            <tr><td>\(s.agent)</td><td>\(s.address)</td><td>\(s.startedAt.map(MilestoneUpdateForm.timestamp) ?? "Not recorded")</td>\
            <td>\(s.seenAt.map(MilestoneUpdateForm.timestamp) ?? "Not recorded")</td><td>\(action)</td></tr>
            """
        }
        return """
        <table class="table"><caption class="visually-hidden">\(caption)</caption>
        <thead><tr><th scope="col">Browser</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col">Action</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }
}
