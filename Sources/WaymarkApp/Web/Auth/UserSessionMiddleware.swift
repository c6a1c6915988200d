import Fluent
import Vapor
import WaymarkCore

/// Loads the signed-in user, if any, from the database-backed session.
struct UserSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
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
            request.storage[CurrentUserKey.self] = user
        }
        return try await next.respond(to: request)
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
        Layout.Context(user: currentUser, csrfToken: currentUser == nil ? nil : CSRF.token(for: self), currentPath: url.path)
    }
}
