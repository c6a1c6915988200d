import Vapor

/// Headers every response carries (OWASP ASVS V14.4). Pages seen signed in are never stored by
/// the browser or a proxy: they can hold one-time passwords, new API tokens and personal data.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let strictTransport: Bool

    init(publicURL: String?) {
        strictTransport = (publicURL ?? "").lowercased().hasPrefix("https://")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = response.headers
        var add: [(String, String)] = [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        if strictTransport { add.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains")) }
        if request.currentUser != nil || request.url.path.hasPrefix("/api/") || request.url.path.hasPrefix("/sign-in/link/") {
            add.append(("Cache-Control", "no-store"))
        }
        for (name, value) in add where !headers.contains(name: HTTPHeaders.Name(name)) || name == "Cache-Control" {
            response.headers.replaceOrAdd(name: HTTPHeaders.Name(name), value: value)
        }
        return response
    }
}
