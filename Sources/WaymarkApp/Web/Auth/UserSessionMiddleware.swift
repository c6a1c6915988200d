import Fluent
import Vapor
import WaymarkCore

/// Loads the signed-in user, if any, from the database-backed session.
struct UserSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, request.session.data["user_id"] != nil, let ended = Self.endIfTimedOut(request) {
            return ended
        }
        if request.hasSession, let raw = request.session.data["user_id"], let id = Int(raw),
           let user = try await signedInUser(id, for: request), !user.disabled {
            if user.mustChangePassword {
                // A password someone else has seen opens nothing but the page to replace it.
                if request.url.path.hasPrefix("/api/") { return try await next.respond(to: request) }
                if !Self.openBeforePasswordChange(request.url.path) {
                    request.storage[CurrentUserKey.self] = user
                    return request.redirect(to: "/account/password")
                }
            }
            if request.session.data["second_step_needed"] != nil, request.url.path.hasPrefix("/api/") {
                // Until two steps are set up, the session opens nothing, the API included.
                return try await next.respond(to: request)
            }
            if request.session.data["second_step_needed"] != nil,
               !Self.openBeforePasswordChange(request.url.path), !request.url.path.hasPrefix("/account/two-step") {
                // The role needs two-step sign-in and this account has not set it up yet.
                request.storage[CurrentUserKey.self] = user
                return request.redirect(to: "/account/two-step")
            }
            request.storage[CurrentUserKey.self] = user
        }
        return try await next.respond(to: request)
    }

    /// Ends a session past its idle or absolute lifetime; a page then goes to the sign-in page,
    /// which says why. Otherwise notes the time, at most once a minute.
    static func endIfTimedOut(_ request: Request) -> Response? {
        let now = request.application.now().timeIntervalSince1970
        let started = request.session.data["started_at"].flatMap(Double.init)
        let seen = request.session.data["seen_at"].flatMap(Double.init)
        switch request.application.sessionLifetime.verdict(started: started, seen: seen, now: now) {
        case .current:
            return nil
        case .refresh:
            if started == nil { request.session.data["started_at"] = String(now) }
            request.session.data["seen_at"] = String(now)
            return nil
        case .expired:
            request.session.destroy()
            guard !request.url.path.hasPrefix("/api/") else { return nil }
            // A form sent after the session ended goes back to the page it was on, where the
            // page's script puts the typing back after signing in again.
            let from = request.method == .POST ? request.headers.first(name: .referer).flatMap(URLComponents.init(string:)) : nil
            let page = from.map { $0.percentEncodedPath + ($0.percentEncodedQuery.map { "?" + $0 } ?? "") } ?? request.url.string
            let back = page.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? "/"
            return request.redirect(to: "/sign-in?timed_out=1&return_to=\(back)")
        }
    }

    static func openBeforePasswordChange(_ path: String) -> Bool {
        path == "/account/password" || path == "/sign-out" || path.hasPrefix("/assets/") || path.hasPrefix("/health")
    }

    /// Usually already read with the session by `SessionAndUserReader`.
    private func signedInUser(_ id: Int, for request: Request) async throws -> User? {
        if let user = request.storage[SessionUserKey.self], user.id == id { return user }
        return try await User.find(id, on: request.db)
    }
}

struct CurrentUserKey: StorageKey { typealias Value = User }

/// Pages that need a signed-in user send everyone else to the sign-in page.
struct SignInRedirect: Error {
    let returnTo: String
}

extension Request {
    var currentUser: User? { storage[CurrentUserKey.self] }

    func requireUser() throws -> User {
        guard let user = currentUser else { throw SignInRedirect(returnTo: url.string) }
        return user
    }

    /// Checks the rules in `UserAccess` on the server; a refusal is a 403 page, never a hidden button alone.
    @discardableResult
    func authorize(_ action: Action) throws -> User {
        let user = try requireUser()
        guard user.access.may(action) else {
            throw Abort(.forbidden, reason: "Your account (\(user.role.label.lowercased())) cannot do this.")
        }
        return user
    }

    var layoutContext: Layout.Context {
        Layout.Context(user: currentUser, csrfToken: currentUser == nil ? nil : CSRF.token(for: self), currentPath: url.path,
                       idleSeconds: application.sessionLifetime.idle, sessionRemaining: currentUser == nil ? nil : sessionRemaining)
    }

    /// Seconds until the server ends this session without another request, from what it stores.
    var sessionRemaining: Double? {
        guard hasSession else { return nil }
        let now = application.now().timeIntervalSince1970, lifetime = application.sessionLifetime
        let seen = session.data["seen_at"].flatMap(Double.init) ?? now
        let started = session.data["started_at"].flatMap(Double.init) ?? now
        return max(0, min(seen + lifetime.idle, started + lifetime.absolute) - now)
    }
}
