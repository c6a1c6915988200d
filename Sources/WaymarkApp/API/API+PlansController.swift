import Fluent
import Vapor
import WaymarkCore

/// Read-only JSON for plans, their statuses and milestones: `/api/v1/plans…`.
struct PlansAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("plans")
        plans.get(use: index)
        plans.group(":planID") { plan in
            plan.get(use: show)
            plan.get("status", use: status)
            plan.get("milestones", use: milestones)
        }
    }

    func index(req: Request) async throws -> [PlanSummary] {
        try req.authorize(.read)
        return try await PlanSummary.all(on: req.db)
    }

    struct PlanDetail: Content {
        var plan: PlanSummary
        var areas: [AreaDetail]
    }

    struct AreaDetail: Content {
        var id: Int
        var name: String
        var activities: [ActivityDetail]
    }

    struct ActivityDetail: Content {
        var id: Int
        var number: Int
        var title: String
    }

    func show(req: Request) async throws -> PlanDetail {
        let plan = try await plan(from: req)
        guard let summary = try await PlanSummary.one(try plan.requireID(), on: req.db) else { throw APIError.notFound("The plan") }
        let areas = try await Area.query(on: req.db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).sort(\.$id)
            .with(\.$activities).all()
        return PlanDetail(plan: summary, areas: try areas.map { area in
            AreaDetail(id: try area.requireID(), name: area.name, activities: try area.activities.sorted { $0.number < $1.number }.map {
                ActivityDetail(id: try $0.requireID(), number: $0.number, title: $0.title)
            })
        })
    }

    func status(req: Request) async throws -> PlanStatusReport {
        let plan = try await plan(from: req)
        return try await PlanStatusService.report(for: plan, asOf: try asOf(req), on: req.db, cache: req.application.reportCache)
    }

    /// Paged with `limit` (default 1,000, at most 5,000) and `offset`, or `after` (a milestone's
    /// id) for deep pages; the total is in `X-Total-Count` and the next page in a
    /// `Link: <…>; rel="next"` header, by `after` when the request used it.
    func milestones(req: Request) async throws -> Response {
        let plan = try await plan(from: req)
        let status: Set<String>?
        let scheme = plan.scheme
        let choices = "use one of the plan's statuses (\(scheme.statuses.map(\.code).joined(separator: ", "))), a kind (\(StatusScheme.Kind.allCases.map(\.rawValue).joined(separator: ", "))) or completed, on_target, delayed or overdue"
        do {
            let text = req.query[String.self, at: "status"]
            if text == "" { throw CommandFailure("empty status") }
            status = try MilestoneFilter.parseStatus(text, scheme: scheme)
        } catch {
            throw APIError.invalid("status", choices)
        }
        let filter = MilestoneFilter(area: req.query[String.self, at: "area"], lead: req.query[String.self, at: "lead"], schemeStatuses: status)
        let paging = try APIPaging(req, defaultLimit: 1000, maximum: 5000)
        let after = try await afterCursor(req, planID: try plan.requireID())
        let page = try await MilestoneQuery.page(plan: plan, asOf: try asOf(req), filter: filter, limit: paging.limit, offset: paging.offset,
                                                 after: after, on: req.db, cache: req.application.reportCache)
        let response = try await page.items.encodeResponse(for: req)
        paging.annotate(response, req: req, shown: page.items.count, total: page.total, after: after == nil ? nil : page.items.last?.id)
        return response
    }

    /// `after`: a milestone of this plan, the page starting after it in the plan's order.
    private func afterCursor(_ req: Request, planID: Int) async throws -> Int? {
        guard let text = req.query[String.self, at: "after"] else { return nil }
        guard let id = Int(text), id > 0 else { throw APIError.invalid("after", "\"\(text)\" must be the id of a milestone of this plan, such as the last one of the page before") }
        guard req.query[String.self, at: "offset"] == nil else { throw APIError.invalid("after", "give after or offset, not both") }
        guard let milestone = try await Milestone.find(id, on: req.db), milestone.$plan.id == planID else {
            throw APIError.invalid("after", "milestone \(id) is not in this plan")
        }
        return id
    }

    private func plan(from req: Request) async throws -> Plan {
        try req.authorize(.read)
        guard let raw = req.parameters.get("planID"), let id = Int(raw) else {
            throw APIError.invalid("id", "a plan id is a whole number, such as /api/v1/plans/1")
        }
        guard let plan = try await Plan.find(id, on: req.db) else { throw APIError.notFound("Plan \(id)") }
        return plan
    }

    private func asOf(_ req: Request) throws -> CalendarDate {
        try APIQuery.asOf(req)
    }
}

extension PlanSummary: Content {}
extension PlanStatusReport: Content {}
extension MilestoneListing: Content {}
