import Foundation
import OpenAPIRuntime
import SQLKit
import Vapor

/// An API error with a stable machine-readable code; scripts switch on `code`, people read `message`.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    var fields: [APIErrorBody.Field]? = nil

    var reason: String { message }

    /// A body that is not the JSON the operation takes (the generated server could not read it).
    static let invalidBody = APIError(status: .badRequest, code: "invalid_body",
                                      message: "The request body is not the JSON this endpoint takes; see /api/v1/openapi.json")

    static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) was not found")
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: "\(field): \(message)")
    }

    static func fields(_ errors: [FieldError]) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid", message: errors.map(\.message).joined(separator: "; "),
                 fields: errors.map { .init(field: $0.field, message: $0.message) })
    }

    static func conflict(changedBy: String, version: Int?) -> APIError {
        APIError(status: .conflict, code: "conflict",
                 message: "The milestone was changed by \(changedBy) since the version you sent\(version.map { "; it is now version \($0)" } ?? ""). Nothing was saved.")
    }
}

struct APIErrorBody: Content {
    struct Field: Content, Equatable {
        var field: String
        var message: String
    }

    struct Detail: Content {
        var code: String
        var message: String
        var fields: [Field]?
    }
    var error: Detail
}

/// Turns every error into a response that says what went wrong, as JSON under /api and as
/// plain text elsewhere, without leaking internals for unexpected failures.
struct WaymarkErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            if response.status.code < 500 { request.application.databaseOutage.succeeded(on: request.application) }
            return response
        } catch let thrown {
            // The generated API server wraps what a handler throws, and its own refusals of a
            // request it cannot read, in a ServerError; what matters is beneath.
            let error: any Error = if let server = thrown as? ServerError {
                server.underlyingError is DecodingError ? APIError.invalidBody : server.underlyingError
            } else { thrown }
            var (status, code, message) = describe(error, request: request)
            if let server = thrown as? ServerError, status == .internalServerError, (400..<500).contains(server.httpStatus.code) {
                status = HTTPResponseStatus(statusCode: server.httpStatus.code)
                code = switch status { case .unsupportedMediaType: "unsupported_media_type"; case .notAcceptable: "not_acceptable"; default: "invalid_body" }
                message = "\(server.underlyingError); see /api/v1/openapi.json"
            }
            if code == Self.databaseUnavailable {
                // Logged once per outage, not once per request.
                request.application.databaseOutage.failed(error, requestStartedAt: started, logger: request.logger)
            } else if status.code >= 500 {
                request.logger.report(error: error)
            } else if status == .forbidden || status == .unauthorized {
                // A refused request, including a form without its CSRF token or an API call without a valid token.
                SecurityLog.event("request refused (\(status.code)): \(message)", request, level: .warning)
            }
            let isAPI = request.url.path.hasPrefix("/api/") || request.url.path == "/health" || request.url.path == "/health/ready"
            if let redirect = error as? SignInRedirect, !isAPI {
                let back = redirect.returnTo.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "="])) ?? "/"
                return request.redirect(to: "/sign-in?return_to=\(back)")
            }
            if isAPI, status == .notFound, let allowed = Self.allowedMethods(for: request), !allowed.isEmpty {
                let response = Response(status: .methodNotAllowed)
                response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                try response.content.encode(APIErrorBody(error: .init(code: "method_not_allowed",
                    message: "\(request.method.rawValue) is not allowed on \(request.url.path); use \(allowed.joined(separator: " or "))", fields: nil)))
                return response
            }
            let response: Response
            if isAPI {
                response = Response(status: status)
                try response.content.encode(APIErrorBody(error: .init(code: code, message: message, fields: (error as? APIError)?.fields)))
            } else {
                response = Response.html(ErrorPage.render(request, status: status, message: message), status: status)
            }
            if code == Self.databaseUnavailable { response.headers.replaceOrAdd(name: .retryAfter, value: "60") }
            return response
        }
    }

    /// The methods the API does route for this path, when the request used another one.
    static func allowedMethods(for request: Request) -> [String]? {
        let parts = request.url.path.split(separator: "/").map(String.init)
        let methods = request.application.routes.all.filter { route in
            route.path.count == parts.count && zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let value): return value == part
                case .parameter: return true
                default: return false
                }
            }
        }.map(\.method.rawValue)
        return methods.isEmpty || methods.contains(request.method.rawValue) ? nil : Array(Set(methods)).sorted()
    }

    static let databaseUnavailable = "database_unavailable"

    private func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, String) {
        // The embedded database is a file: waiting for its one connection per thread is being
        // busy, not the database being away, and must not start an outage.
        let embedded = (request.db as? any SQLDatabase)?.dialect.name == "sqlite"
        if embedded, error is ConnectionPoolTimeoutError {
            return (.serviceUnavailable, "busy", DatabaseBusy().reason)
        }
        if DatabaseFailure.isUnreachable(error) {
            return (.serviceUnavailable, Self.databaseUnavailable, "Waymark cannot reach its database at the moment. Try again in a minute.")
        }
        switch error {
        case let error as APIError:
            return (error.status, error.code, error.message)
        case let error as DecodingError:
            return (.badRequest, "invalid_body", "The request body could not be read: \(error.localizedDescription)")
        case is SignInRedirect:
            return (.unauthorized, "unauthenticated", "Sign in first: send a session cookie or an API token (Authorization: Bearer …)")
        case let refused as WriteRefusal:
            return (refused.status, refused.code, refused.message)
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
