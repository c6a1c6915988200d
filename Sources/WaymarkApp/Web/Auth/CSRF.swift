import Crypto
import Foundation
import Vapor

/// Every form carries a token tied to the session; a POST without the right one is refused.
enum CSRF {
    static let field = "csrf_token"

    static func token(for request: Request) -> String {
        if let token = request.session.data["csrf"] { return token }
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        request.session.data["csrf"] = token
        return token
    }

    static func isValid(_ request: Request) -> Bool {
        guard let expected = request.session.data["csrf"],
              let given = try? request.content.get(String.self, at: field) else { return false }
        // Constant-time comparison, so the token cannot be guessed a character at a time.
        let a = Array(expected.utf8), b = Array(given.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Refuses state-changing requests to the web pages that lack the session's CSRF token.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .POST, !request.url.path.hasPrefix("/api/") {
            // The token is in the body. A body larger than one read arrives as a stream, which
            // the route would only collect after this check; collect it here, to the route's limit.
            if request.body.data == nil {
                let limit = request.route?.largeFormLimit ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            guard CSRF.isValid(request) else {
                throw Abort(.forbidden, reason: "This form has expired or did not come from Waymark. Go back, reload the page and try again.")
            }
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// A POST route taking a form larger than Vapor's default 16 KB, such as a file upload. The
    /// limit is kept on the route too, so `CSRFMiddleware` collects the body to the same size.
    @discardableResult
    func postLargeForm<R: AsyncResponseEncodable>(_ path: PathComponent..., maxSize: ByteCount,
                                                  use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: maxSize), use: closure)
        route.userInfo[Route.largeFormKey] = maxSize.value
        return route
    }
}

extension Route {
    fileprivate static let largeFormKey = "waymark.largeFormLimit"
    fileprivate var largeFormLimit: Int? { userInfo[Self.largeFormKey] as? Int }
}
