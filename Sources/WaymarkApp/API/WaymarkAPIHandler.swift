import Fluent
import OpenAPIRuntime
import OpenAPIVapor
import Vapor
import WaymarkAPI
import WaymarkCore

/// The JSON API, `/api/v1`: the handlers of the `APIProtocol` that swift-openapi-generator makes
/// from openapi.yaml, so each takes and returns exactly what the document describes. Writes go
/// through the same services as the web forms. Errors are thrown, not returned: `APIError` and
/// the services' refusals become the document's `Error` body in `WaymarkErrorMiddleware`, as on
/// every other route.
struct WaymarkAPIHandler: APIProtocol {
    static func register(on app: Application) throws {
        let transport = VaporTransport(routesBuilder: app.grouped(APIRequestScope()))
        // Compact JSON without escaped slashes, as the hand-written API gave it.
        let configuration = Configuration(jsonEncodingOptions: [.withoutEscapingSlashes])
        try WaymarkAPIHandler().registerHandlers(on: transport, serverURL: URL(string: "/")!, configuration: configuration)
        APIRequestScope.attachRules(to: app.routes.all)
    }

    var request: Request {
        get throws { try APIRequest.required() }
    }

    func plan(_ id: Int) async throws -> Plan {
        let req = try request
        try req.authorize(.read)
        guard let plan = try await Plan.find(id, on: req.db) else { throw APIError.notFound("Plan \(id)") }
        return plan
    }

    func milestone(_ id: Int) async throws -> Milestone {
        guard let milestone = try await Milestone.find(id, on: try request.db) else { throw APIError.notFound("Milestone \(id)") }
        return milestone
    }

    /// The day statuses are worked out for: `as_of`, already checked as a date, or today.
    func day(_ asOf: String?) throws -> CalendarDate {
        guard let asOf else { return AsOf.today() }
        guard let date = CalendarDate(iso: asOf) else { throw APIError.invalid("as_of", "\"\(asOf)\" is not a date; write it as YYYY-MM-DD") }
        return date
    }

    /// A write's outcome as the `Saved` body, or the error the document gives for it.
    func saved(_ result: WriteResult<Int>, id: Int) throws -> Components.Schemas.Saved {
        switch result {
        case .saved(let version): return .init(id: id, version: version)
        case .invalid(let errors): throw APIError.fields(errors)
        case .conflict(let changedBy, _, let version): throw APIError.conflict(changedBy: changedBy, version: version)
        }
    }

    /// A new record's id, with version 1, or the fields' problems.
    func created(_ result: WriteResult<Int>) throws -> Components.Schemas.Saved {
        guard case .saved(let id) = result else { throw APIError.fields(result.errors) }
        return .init(id: id, version: 1)
    }
}

/// A value the document enumerates, from the text the domain holds. A value the document does
/// not allow is a defect here, not the caller's: it is a 500 naming it, never a silent default.
func documented<Value: RawRepresentable>(_ raw: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
    guard let value = Value(rawValue: raw) else {
        throw Abort(.internalServerError, reason: "\"\(raw)\" is not a value openapi.yaml allows for \(Value.self)")
    }
    return value
}
