import Fluent
import Vapor
import WaymarkAPI
import WaymarkCore

/// Plans, their statuses and their milestones, read-only: `/api/v1/plans…`.
extension WaymarkAPIHandler {
    func listPlans(_ input: Operations.ListPlans.Input) async throws -> Operations.ListPlans.Output {
        let req = try request
        try req.authorize(.read)
        return .ok(.init(body: .json(try await PlanSummary.all(on: req.db, counts: req.application.listCounts).map(Components.Schemas.PlanSummary.init))))
    }

    func getPlan(_ input: Operations.GetPlan.Input) async throws -> Operations.GetPlan.Output {
        let req = try request, plan = try await plan(input.path.id)
        guard let summary = try await PlanSummary.one(try plan.requireID(), on: req.db, counts: req.application.listCounts) else { throw APIError.notFound("The plan") }
        let areas = try await Area.query(on: req.db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).sort(\.$id)
            .with(\.$activities).all()
        return .ok(.init(body: .json(.init(
            areas: try areas.map { area in
                .init(activities: try area.activities.sorted { $0.number < $1.number }.map { .init(id: try $0.requireID(), number: $0.number, title: $0.title) },
                      id: try area.requireID(), name: area.name)
            },
            plan: try .init(summary)))))
    }

    func getPlanStatus(_ input: Operations.GetPlanStatus.Input) async throws -> Operations.GetPlanStatus.Output {
        let req = try request, plan = try await plan(input.path.id)
        let report = try await PlanStatusService.report(for: plan, asOf: try day(input.query.asOf), on: req.db, cache: req.application.reportCache)
        return .ok(.init(body: .json(try .init(report))))
    }

    /// Paged with `limit` (default 1,000) and `offset`, or `after` (a milestone's id) for deep
    /// pages; the total is in `X-Total-Count` and the next page in a `Link: <…>; rel="next"`
    /// header, by `after` when the request used it.
    func listMilestones(_ input: Operations.ListMilestones.Input) async throws -> Operations.ListMilestones.Output {
        let req = try request, query = input.query
        try req.authorize(.read)
        // The list reads only what it needs of the plan, in one small query: it is the API's busiest call.
        guard let plan = try await ListedPlan.read(input.path.id, on: req.db) else { throw APIError.notFound("Plan \(input.path.id)") }
        let scheme = plan.scheme
        let status: Set<String>?
        do {
            status = try MilestoneFilter.parseStatus(query.status, scheme: scheme)
        } catch {
            throw APIError.invalid("status", "use one of the plan's statuses (\(scheme.statuses.map(\.code).joined(separator: ", "))), a kind (\(StatusScheme.Kind.allCases.map(\.rawValue).joined(separator: ", "))) or completed, on_target, delayed or overdue")
        }
        let filter = MilestoneFilter(area: query.area, lead: query.lead, schemeStatuses: status)
        let paging = APIPaging(limit: query.limit, offset: query.offset, defaultLimit: 1000)
        let after = try await afterCursor(query.after, offsetGiven: query.offset != nil, planID: plan.id)
        let page = try await MilestoneQuery.page(plan: plan, asOf: try day(query.asOf), filter: filter, limit: paging.limit, offset: paging.offset,
                                                 after: after, on: req.db, cache: req.application.reportCache, counts: req.application.listCounts,
                                                 anchors: req.application.listAnchors)
        let link = paging.nextLink(req.url, shown: page.items.count, total: page.total, after: after == nil ? nil : page.items.last?.id)
        return .ok(.init(headers: .init(link: link, xTotalCount: String(page.total)),
                         body: .json(try page.items.map(Components.Schemas.Milestone.init))))
    }

    /// `after`: a milestone of this plan, the page starting after it in the plan's order.
    private func afterCursor(_ after: Int?, offsetGiven: Bool, planID: Int) async throws -> Int? {
        guard let after else { return nil }
        guard !offsetGiven else { throw APIError.invalid("after", "give after or offset, not both") }
        struct Row: Decodable { var plan_id: Int }
        guard let row = try await request.db.sql.raw("SELECT plan_id FROM milestones WHERE id = \(bind: after)").first(decoding: Row.self),
              row.plan_id == planID else {
            throw APIError.invalid("after", "milestone \(after) is not in this plan")
        }
        return after
    }
}
