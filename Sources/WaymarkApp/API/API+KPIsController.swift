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
        routes.post("plans", ":planID", "kpis", use: saveDefinition)
    }

    struct DefinitionBody: Content {
        var name: String
        var area: String?
        var unit: String?
        var polarity: String?
        var frequency: String?
        var roll_up: String?
        var owner: String?
        var tolerance: String?
        var band: String?
        var description: String?
        var data_source: String?
        var published: Bool?
    }

    /// Adds a KPI to the plan, or changes the one of that name, through the import's rules: the
    /// same checks, one transaction, audited.
    func saveDefinition(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.access.may(.manageKPIs) else { throw WriteRefusal.forbidden("Only the performance team defines KPIs.") }
        guard let raw = req.parameters.get("planID"), let planID = Int(raw) else {
            throw APIError.invalid("id", "a plan id is a whole number, such as /api/v1/plans/1/kpis")
        }
        guard try await Plan.find(planID, on: req.db) != nil else { throw APIError.notFound("Plan \(planID)") }
        let body = try req.apiBody(DefinitionBody.self)
        // One row with the definition's columns, read as a file's row would be.
        let columns = ["KPI", "Period", "Area", "Unit", "Polarity", "Frequency", "Roll-up", "Owner", "Tolerance", "Band", "Description", "Data source", "Published"]
        let cells = [body.name, "", body.area, body.unit, body.polarity, body.frequency, body.roll_up, body.owner, body.tolerance, body.band,
                     body.description, body.data_source, body.published.map { $0 ? "yes" : "no" }].map { $0 ?? "" }
        var definition: KPIDefinition
        do {
            definition = try KPIFileReader.definition(TextRow(line: 1, cells: columns), TextRow(line: 2, cells: cells))
        } catch {
            throw APIError.fields(error.problems.map { FieldError(field: Self.field($0.field), message: $0.message) })
        }
        definition.periods = []
        do {
            _ = try await KPIImportService(db: req.db, actor: AuditLog.actor(user)).run(KPIDocument(kpis: [definition]), planID: planID, fileName: "the API")
        } catch let failure as ImportFailure {
            throw APIError.fields(failure.problems.map { FieldError(field: Self.field($0.field), message: $0.message) })
        }
        guard let saved = try await KPI.query(on: req.db).filter(\.$plan.$id == planID).filter(\.$nameKey == definition.name.lowercased()).first() else {
            throw APIError.notFound("KPI")
        }
        return try await MilestonesAPIController.Saved(id: try saved.requireID(), version: saved.version).encodeResponse(status: .created, for: req)
    }

    /// A file's column name as the API's field name: "Roll-up" is `roll_up`.
    static func field(_ column: String?) -> String {
        (column ?? "name").lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "kpi", with: "name")
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

    /// Paged with `limit` (default 100, at most 500) and `offset`, as the milestone list is: a plan
    /// of hundreds of KPIs with years of values is megabytes of JSON.
    func list(req: Request) async throws -> Response {
        try req.authorize(.read)
        guard let raw = req.parameters.get("planID"), let planID = Int(raw) else {
            throw APIError.invalid("id", "a plan id is a whole number, such as /api/v1/plans/1/kpis")
        }
        guard let plan = try await Plan.find(planID, on: req.db) else { throw APIError.notFound("Plan \(planID)") }
        let paging = try APIPaging(req, defaultLimit: 100, maximum: 500)
        let period = req.query[String.self, at: "period"], db = req.db
        // Working out every KPI's ratings takes most of a second for 500 KPIs of 20 values, and a
        // script pages through the list: the report is worked out once per data version.
        let load = { @Sendable in try await KPIReport.load(planID: planID, period: period, on: db) }
        let report = if let cache = req.application.reportCache {
            try await cache.value(.init(planID: planID, version: plan.dataVersion, asOf: AsOf.today(), kind: "kpi-report-\(period?.lowercased() ?? "")"), compute: load)
        } else { try await load() }
        let all = report.kpis
        let page = paging.page(all)
        let response = try await KPIList(kpis: page).encodeResponse(for: req)
        paging.annotate(response, req: req, shown: page.count, total: all.count)
        return response
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
        let body = try req.apiBody(ValueBody.self)
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
