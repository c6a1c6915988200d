import Crypto
import Foundation
import Vapor
import WaymarkCore

/// Every form carries a token; a POST without the right one is refused.
///
/// Signed in, the token lives in the session. Before signing in there is no session: the sign-in
/// form's token is a random nonce, kept in a cookie of its own, with an HMAC of it under a secret
/// every server shares (`FormSecret`). A visitor who has not signed in therefore writes nothing to
/// the database, and a token is good only in the browser that holds the matching cookie.
enum CSRF {
    static let field = "csrf_token"
    static let nonceCookie = "waymark-form"

    static func token(for request: Request) -> String {
        if request.hasSession, request.session.data["user_id"] != nil {
            if let token = request.session.data["csrf"] { return token }
            let token = randomToken()
            request.session.data["csrf"] = token
            return token
        }
        let nonce: String
        if let existing = request.cookies[nonceCookie]?.string, isWellFormedNonce(existing) {
            nonce = existing
        } else if let made = request.storage[NewNonceKey.self] {
            nonce = made
        } else {
            nonce = randomToken()
            request.storage[NewNonceKey.self] = nonce
        }
        return nonce + "." + signature(of: nonce, request)
    }

    static func isValid(_ request: Request) -> Bool {
        guard let given = try? request.content.get(String.self, at: field) else { return false }
        if request.hasSession, request.session.data["user_id"] != nil {
            guard let expected = request.session.data["csrf"] else { return false }
            return constantTimeEqual(expected, given)
        }
        let parts = given.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let cookie = request.cookies[nonceCookie]?.string,
              constantTimeEqual(String(parts[0]), cookie) else { return false }
        return constantTimeEqual(String(parts[1]), signature(of: cookie, request))
    }

    private static func signature(of nonce: String, _ request: Request) -> String {
        let key = SymmetricKey(data: request.application.formSecret ?? [])
        return base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: key)))
    }

    private static func randomToken() -> String {
        base64URL(Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
    }

    private static func isWellFormedNonce(_ value: String) -> Bool {
        value.count == 43 && value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Constant time, so a token cannot be guessed a character at a time.
    private static func constantTimeEqual(_ x: String, _ y: String) -> Bool {
        let a = Array(x.utf8), b = Array(y.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    struct NewNonceKey: StorageKey { typealias Value = String }
}

/// Refuses state-changing requests to the web pages that lack their CSRF token, and gives a
/// visitor who has not signed in the cookie their form token is checked against.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.application.formSecret == nil { try await FormSecret.load(into: request.application) }
        if request.method == .POST, !request.url.path.hasPrefix("/api/") {
            // The token is in the body. A body larger than one read arrives as a stream, which
            // the route would only collect after this check; collect it here, to the route's limit.
            // A large upload is read only for someone allowed to send it: who is asking is known
            // from the session cookie, so an anonymous or unauthorised upload is refused before a
            // byte of it is read. Its CSRF token, inside the body, is checked after.
            if let action = request.route?.largeFormAction { try request.authorize(action) }
            if request.body.data == nil {
                let limit = request.route?.largeFormLimit ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            guard CSRF.isValid(request) else {
                throw Abort(.forbidden, reason: "This form has expired or did not come from Waymark. Go back, reload the page and try again.")
            }
        }
        let response = try await next.respond(to: request)
        if let nonce = request.storage[CSRF.NewNonceKey.self] {
            let secure = request.application.settings.isHTTPS
            response.cookies[CSRF.nonceCookie] = HTTPCookies.Value(string: nonce, expires: nil, maxAge: 12 * 3600, domain: nil, path: "/",
                                                                  isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension RoutesBuilder {
    /// A POST route taking a form larger than Vapor's default 16 KB, such as a file upload. The
    /// limit is kept on the route too, so `CSRFMiddleware` collects the body to the same size.
    @discardableResult
    func postLargeForm<R: AsyncResponseEncodable>(_ path: PathComponent..., maxSize: ByteCount, requires action: Action,
                                                  use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        // Streamed, not collected: `CSRFMiddleware` reads the body once the sender may send it.
        let route = on(.POST, path, body: .stream, use: closure)
        route.userInfo[Route.largeFormKey] = maxSize.value
        route.userInfo[Route.largeFormActionKey] = action
        return route
    }
}

extension Route {
    fileprivate static let largeFormKey = "waymark.largeFormLimit"
    fileprivate static let largeFormActionKey = "waymark.largeFormAction"
    fileprivate var largeFormLimit: Int? { userInfo[Self.largeFormKey] as? Int }
    fileprivate var largeFormAction: Action? { userInfo[Self.largeFormActionKey] as? Action }
}
