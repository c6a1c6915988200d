import Foundation
import Vapor

/// An API error with a stable machine-readable code; scripts switch on `code`, people read `message`.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var message: String

    var reason: String { message }

    static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) was not found")
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: "\(field): \(message)")
    }
}

struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
    }
    var error: Detail
}

/// Turns every error into a response that says what went wrong, as JSON under /api and as
/// plain text elsewhere, without leaking internals for unexpected failures.
struct WaymarkErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, code, message) = describe(error, request: request)
            if status.code >= 500 { request.logger.report(error: error) }
            let isAPI = request.url.path.hasPrefix("/api/") || request.url.path == "/health"
            if let redirect = error as? SignInRedirect, !isAPI {
                let back = redirect.returnTo.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "="])) ?? "/"
                return request.redirect(to: "/sign-in?return_to=\(back)")
            }
            if isAPI {
                let response = Response(status: status)
                try response.content.encode(APIErrorBody(error: .init(code: code, message: message)))
                return response
            }
            return Response.html(ErrorPage.render(request, status: status, message: message), status: status)
        }
    }

    private func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, String) {
        switch error {
        case let error as APIError:
            return (error.status, error.code, error.message)
        case is SignInRedirect:
            return (.unauthorized, "unauthenticated", "Sign in first: send a session cookie or an API token (Authorization: Bearer …)")
        case is UpdateRefused:
            return (.forbidden, "forbidden", "Your account cannot update this milestone")
        case let error as CommandFailure:
            return (.badRequest, "invalid_parameter", error.description)
        case let error as any AbortError:
            let code = error.status == .notFound ? "not_found" : error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            let message = error.status == .notFound ? "There is nothing at \(request.url.path)" : error.reason
            return (error.status, code, message)
        default:
            return (.internalServerError, "internal_error", "Something went wrong on the server; it has been logged")
        }
    }
}
