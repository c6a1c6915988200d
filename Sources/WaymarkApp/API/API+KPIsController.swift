import Fluent
import Vapor
import WaymarkCore

/// Measurable outcomes as JSON: a plan's KPIs and one KPI with its values, and entering a value.
/// Numbers travel as decimal strings ("22.38"), never JSON numbers, so no client reads them into
/// binary floating point.
struct KPIsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "kpis", use: list)
        routes.get("kpis", ":kpiID", use: show)
        routes.post("kpis", ":kpiID", "values", use: saveValue)
    }

    struct KPIList: Content {
        var kpis: [KPIReport.Row]
    }

    struct ValueBody: Content {
        var period: String
        var value: String?
        var target: String?
        var commentary: String?
        var provisional: Bool?
        /// The value's version when the period already has one.
        var version: Int?
    }

    func list(req: Request) async throws -> KPIList {
        try req.authorize(.read)
        guard let raw = req.parameters.get("planID"), let planID = Int(raw) else {
            throw APIError.invalid("id", "a plan id is a whole number, such as /api/v1/plans/1/kpis")
        }
        guard try await Plan.find(planID, on: req.db) != nil else { throw APIError.notFound("Plan \(planID)") }
        return KPIList(kpis: try await KPIReport.load(planID: planID, period: req.query[String.self, at: "period"], on: req.db).kpis)
    }

    func show(req: Request) async throws -> KPIReport.Row {
        try req.authorize(.read)
        let kpi = try await find(req)
        let report = try await KPIReport.load(planID: kpi.$plan.id, only: kpi.id, on: req.db)
        guard let row = report.kpis.first(where: { $0.id == kpi.id }) else { throw APIError.notFound("KPI \(kpi.id ?? 0)") }
        return row
    }

    func saveValue(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let kpi = try await find(req)
        let body: ValueBody
        do { body = try req.content.decode(ValueBody.self) } catch {
            throw APIError(status: .badRequest, code: "invalid_body", message: "The request body is not the JSON this endpoint takes; see /api/v1/openapi.json")
        }
        let input = KPIValueService.Input(period: body.period, value: body.value ?? "", target: body.target ?? "", commentary: body.commentary ?? "",
                                          provisional: body.provisional ?? false, version: body.version)
        switch try await KPIValueService(db: req.db, user: user).save(input, kpiID: try kpi.requireID()) {
        case .saved(let row):
            return try await MilestonesAPIController.Saved(id: try row.requireID(), version: row.version).encodeResponse(status: .created, for: req)
        case .invalid(let errors): throw APIError.fields(errors)
        case .conflict(let changedBy, _, let current): throw APIError.conflict(changedBy: changedBy, version: current)
        }
    }

    private func find(_ req: Request) async throws -> KPI {
        guard let raw = req.parameters.get("kpiID"), let id = Int(raw) else {
            throw APIError.invalid("id", "a KPI id is a whole number, such as /api/v1/kpis/1")
        }
        guard let kpi = try await KPI.find(id, on: req.db) else { throw APIError.notFound("KPI \(id)") }
        return kpi
    }
}
