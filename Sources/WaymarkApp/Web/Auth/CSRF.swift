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
        if request.method == .POST, !request.url.path.hasPrefix("/api/"), !CSRF.isValid(request) {
            throw Abort(.forbidden, reason: "This form has expired or did not come from Waymark. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }
}
