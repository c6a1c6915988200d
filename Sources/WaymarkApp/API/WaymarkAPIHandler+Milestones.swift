import Fluent
import Vapor
import WaymarkAPI
import WaymarkCore

/// Single milestones, and new areas, activities and milestones: `/api/v1/milestones/…`,
/// `/api/v1/activities/{id}/milestones`, `/api/v1/plans/{id}/areas` and
/// `/api/v1/areas/{id}/activities`.
extension WaymarkAPIHandler {
    func getMilestone(_ input: Operations.GetMilestone.Input) async throws -> Operations.GetMilestone.Output {
        let req = try request
        try req.authorize(.read)
        let milestone = try await milestone(input.path.id)
        guard let plan = try await Plan.find(milestone.$plan.id, on: req.db),
              let listing = try await MilestoneQuery.page(plan: plan, asOf: try day(input.query.asOf), filter: MilestoneFilter(milestoneID: milestone.id), limit: 1,
                                                          on: req.db, cache: req.application.reportCache).items.first else {
            throw APIError.notFound("Milestone \(input.path.id)")
        }
        return .ok(.init(body: .json(.init(milestone: try .init(listing), version: milestone.version, withdrawnReason: milestone.withdrawnReason))))
    }

    func recordUpdate(_ input: Operations.RecordUpdate.Input) async throws -> Operations.RecordUpdate.Output {
        let req = try request, user = try req.requireUser()
        let milestone = try await milestone(input.path.id)
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        // Leaving out both dates keeps the ones recorded; sending either replaces both.
        let keep = body.forecast == nil && body.completed == nil
        let update = MilestoneUpdateService.Input(commentary: body.commentary,
                                                  forecast: keep ? (milestone.forecastDate ?? "") : (body.forecast ?? ""),
                                                  completed: keep ? (milestone.completedDate ?? "") : (body.completed ?? ""),
                                                  proposedDeadline: body.proposedDeadline ?? "", proposedReason: body.proposedReason ?? "", version: body.version)
        let result = try await MilestoneUpdateService(db: req.db, user: user).save(milestoneID: input.path.id, input: update, today: AsOf.today())
        return .created(.init(body: .json(try saved(result, id: input.path.id))))
    }

    func editMilestone(_ input: Operations.EditMilestone.Input) async throws -> Operations.EditMilestone.Output {
        let req = try request, user = try req.authorize(.editStructure)
        _ = try await milestone(input.path.id)
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        let result = try await PlanStructureService(db: req.db, user: user)
            .editMilestone(input.path.id, .init(title: body.title, deadline: body.deadline, leads: body.leads, version: body.version ?? -1))
        return .ok(.init(body: .json(try saved(result, id: input.path.id))))
    }

    func withdrawMilestone(_ input: Operations.WithdrawMilestone.Input) async throws -> Operations.WithdrawMilestone.Output {
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        return .ok(.init(body: .json(try await setWithdrawn(input.path.id, reason: body.reason ?? "", version: body.version))))
    }

    func reinstateMilestone(_ input: Operations.ReinstateMilestone.Input) async throws -> Operations.ReinstateMilestone.Output {
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        return .ok(.init(body: .json(try await setWithdrawn(input.path.id, reason: nil, version: body.version))))
    }

    /// Withdraws (with a reason) or reinstates (reason nil) a milestone.
    private func setWithdrawn(_ id: Int, reason: String?, version: Int) async throws -> Components.Schemas.Saved {
        let req = try request, user = try req.authorize(.withdrawMilestone)
        _ = try await milestone(id)
        return try saved(try await PlanStructureService(db: req.db, user: user).setWithdrawn(id, reason: reason, version: version), id: id)
    }

    func addMilestone(_ input: Operations.AddMilestone.Input) async throws -> Operations.AddMilestone.Output {
        let req = try request, user = try req.authorize(.editStructure)
        guard try await Activity.find(input.path.id, on: req.db) != nil else { throw APIError.notFound("The activity") }
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        let result = try await PlanStructureService(db: req.db, user: user)
            .addMilestone(to: input.path.id, .init(title: body.title, deadline: body.deadline, leads: body.leads))
        return .created(.init(body: .json(try created(result))))
    }

    func addArea(_ input: Operations.AddArea.Input) async throws -> Operations.AddArea.Output {
        let req = try request, user = try req.authorize(.editStructure)
        guard try await Plan.find(input.path.id, on: req.db) != nil else { throw APIError.notFound("The plan") }
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        let result = try await PlanStructureService(db: req.db, user: user).addArea(to: input.path.id, name: body.name)
        return .created(.init(body: .json(try created(result))))
    }

    func addActivity(_ input: Operations.AddActivity.Input) async throws -> Operations.AddActivity.Output {
        let req = try request, user = try req.authorize(.editStructure)
        guard try await Area.find(input.path.id, on: req.db) != nil else { throw APIError.notFound("The area") }
        guard case .json(let body) = input.body else { throw APIError.invalidBody }
        let result = try await PlanStructureService(db: req.db, user: user).addActivity(to: input.path.id, title: body.title)
        return .created(.init(body: .json(try created(result))))
    }
}
