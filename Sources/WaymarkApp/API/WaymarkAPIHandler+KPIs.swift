import Fluent
import Vapor
import WaymarkAPI
import WaymarkCore

/// Measurable outcomes: a plan's KPIs, one KPI with its values, and entering a value or a
/// definition. Numbers travel as decimal strings ("22.38"), never JSON numbers, so no client
/// reads them into binary floating point.
extension WaymarkAPIHandler {
    /// Paged with `limit` (default 100) and `offset`, as the milestone list is: a plan of
    /// hundreds of KPIs with years of values is megabytes of JSON.
    func listKPIs(_ input: Operations.ListKPIs.Input) async throws -> Operations.ListKPIs.Output {
        let req = try request, plan = try await plan(input.path.id), planID = input.path.id
        let paging = APIPaging(limit: input.query.limit, offset: input.query.offset, defaultLimit: 100)
        let period = input.query.period, db = req.db
        // Working out every KPI's ratings takes most of a second for 500 KPIs of 20 values, and a
        // script pages through the list: the report is worked out once per data version.
        let load = { @Sendable in try await KPIReport.load(planID: planID, period: period, on: db) }
        let report = if let cache = req.application.reportCache {
            try await cache.value(.init(planID: planID, version: plan.dataVersion, asOf: AsOf.today(), kind: "kpi-report-\(period?.lowercased() ?? "")"), compute: load)
        } else { try await load() }
        let page = paging.page(report.kpis)
        return .ok(.init(headers: .init(link: paging.nextLink(req.url, shown: page.count, total: report.kpis.count), xTotalCount: String(report.kpis.count)),
                         body: .json(.init(kpis: try page.map(Components.Schemas.Kpi.init)))))
    }

    func getKPI(_ input: Operations.GetKPI.Input) async throws -> Operations.GetKPI.Output {
        let req = try request
        try req.authorize(.read)
        let kpi = try await kpi(input.path.id)
        let report = try await KPIReport.load(planID: kpi.$plan.id, only: kpi.id, on: req.db)
        guard let row = report.kpis.first(where: { $0.id == kpi.id }) else { throw APIError.notFound("KPI \(input.path.id)") }
        return .ok(.init(body: .json(try .init(row))))
    }

    func saveKPIValue(_ input: Operations.SaveKPIValue.Input) async throws -> Operations.SaveKPIValue.Output {
        let req = try request, user = try req.requireUser()
        _ = try await kpi(input.path.id)
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        let value = KPIValueService.Input(period: body.period, value: body.value ?? "", target: body.target ?? "", commentary: body.commentary ?? "",
                                          provisional: body.provisional ?? false, version: body.version)
        switch try await KPIValueService(db: req.db, user: user).save(value, kpiID: input.path.id) {
        case .saved(let row): return .created(.init(body: .json(.init(id: try row.requireID(), version: row.version))))
        case .invalid(let errors): throw APIError.fields(errors)
        case .conflict(let changedBy, _, let current): throw APIError.conflict(changedBy: changedBy, version: current)
        }
    }

    /// Adds a KPI to the plan, or changes the one of that name, through the import's rules: the
    /// same checks, one transaction, audited.
    func saveKPIDefinition(_ input: Operations.SaveKPIDefinition.Input) async throws -> Operations.SaveKPIDefinition.Output {
        let req = try request, user = try req.requireUser(), planID = input.path.id
        guard user.access.may(.manageKPIs) else { throw WriteRefusal.forbidden("Only the performance team defines KPIs.") }
        guard try await Plan.find(planID, on: req.db) != nil else { throw APIError.notFound("Plan \(planID)") }
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        // One row with the definition's columns, read as a file's row would be.
        let columns = ["KPI", "Period", "Area", "Unit", "Polarity", "Frequency", "Roll-up", "Owner", "Tolerance", "Band", "Description", "Data source", "Published"]
        let cells = [body.name, "", body.area, body.unit, body.polarity, body.frequency, body.rollUp, body.owner, body.tolerance, body.band,
                     body.description, body.dataSource, body.published.map { $0 ? "yes" : "no" }].map { $0 ?? "" }
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
        return .created(.init(body: .json(.init(id: try saved.requireID(), version: saved.version))))
    }

    /// A file's column name as the API's field name: "Roll-up" is `roll_up`.
    static func field(_ column: String?) -> String {
        (column ?? "name").lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "kpi", with: "name")
    }

    private func kpi(_ id: Int) async throws -> KPI {
        guard let kpi = try await KPI.find(id, on: try request.db) else { throw APIError.notFound("KPI \(id)") }
        return kpi
    }
}
