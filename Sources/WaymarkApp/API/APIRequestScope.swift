import Vapor
import WaymarkAPI
import WaymarkCore

/// The Vapor request behind a generated API handler. The generated `APIProtocol` methods take
/// only their typed input; the database, the signed-in user and the application come from the
/// request, which `APIRequestScope` binds for the handler's task.
enum APIRequest {
    @TaskLocal static var current: Request?

    static func required() throws -> Request {
        guard let current else { throw Abort(.internalServerError, reason: "An API handler ran outside APIRequestScope") }
        return current
    }
}

/// Runs in front of every generated API route. Every operation needs a session or a token, so
/// one without is refused (401) before its body is read. The body is then read whole, to the
/// same limit as any other route's (the generated server would read a body of any size), and the
/// path and query parameters are checked against openapi.yaml's rules, so a bad one is refused
/// naming it. Then the request is bound for the handler.
struct APIRequestScope: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try request.requireUser()
        let limit = request.application.routes.defaultMaxBodySize.value
        if let collected = request.body.data {
            guard collected.readableBytes <= limit else { throw Abort(.payloadTooLarge) }
        } else if request.method != .GET, request.method != .HEAD {
            _ = try await request.body.collect(max: limit).get()
        }
        try Self.checkParameters(request)
        let response = try await APIRequest.$current.withValue(request) {
            try await next.respond(to: request)
        }
        // The runtime writes a header's value URI-encoded, as OpenAPI's "simple" style has it;
        // Link's value is a URI reference between angle brackets (RFC 8288), sent as it is.
        if let link = response.headers.first(name: "Link"), link.hasPrefix("%3C"), let plain = link.removingPercentEncoding {
            response.headers.replaceOrAdd(name: "Link", value: plain)
        }
        return response
    }

    static let rulesKey = "waymark.parameterRules"

    /// Puts each generated route's parameter rules on the route itself, once, so a request does
    /// not rebuild its path template to look them up.
    static func attachRules(to routes: [Route]) {
        for route in routes {
            let template = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
            if let rules = APIParameterRules.byOperation[APIParameterRules.key(method: route.method.rawValue, path: template)] {
                route.userInfo[rulesKey] = rules
            }
        }
    }

    static func checkParameters(_ request: Request) throws {
        guard let rules = request.route?.userInfo[rulesKey] as? [APIParameterRule] else { return }
        // Reading a query parameter decodes the whole query again; one not written in it at all
        // is not looked for. A percent sign could hide a name, so then every one is.
        let query = request.url.query ?? ""
        let literal = !query.contains("%")
        for rule in rules {
            let value: String? = switch rule.location {
            case .path: request.parameters.get(rule.name)
            case .query: literal && !query.contains(rule.name) ? nil : request.query[String.self, at: rule.name]
            }
            guard let value else { continue }
            if let problem = problem(with: value, under: rule) { throw APIError.invalid(rule.name, problem) }
        }
    }

    /// What is wrong with `value` under `rule`, in words, or nil when it is allowed.
    static func problem(with value: String, under rule: APIParameterRule) -> String? {
        switch rule.type {
        case "integer":
            let range = "\(rule.minimum.map { "from \($0)" } ?? "")\(rule.maximum.map { " to \($0)" } ?? (rule.minimum == nil ? "" : " up"))"
            guard let number = Int(value), number >= (rule.minimum ?? .min), number <= (rule.maximum ?? .max) else {
                return "\"\(value.prefix(100))\" must be a whole number\(range.isEmpty ? "" : " " + range)"
            }
        case "boolean":
            guard value == "true" || value == "false" else { return "\"\(value.prefix(100))\" must be true or false" }
        default:
            if rule.format == "date", CalendarDate(iso: value) == nil {
                return "\"\(value.prefix(100))\" is not a date; write it as YYYY-MM-DD"
            }
            if let minimum = rule.minLength, value.count < minimum {
                return minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters"
            }
            if let allowed = rule.allowed, !allowed.contains(value) {
                return "\"\(value.prefix(100))\" is not one of \(allowed.joined(separator: ", "))"
            }
        }
        return nil
    }
}
