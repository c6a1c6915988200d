import Fluent
import Vapor
import WaymarkCore

/// JSON reads and writes of single milestones: `/api/v1/milestones/…` and new milestones under
/// `/api/v1/activities/{id}/milestones`. Writes go through the same services as the web forms.
struct MilestonesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("milestones", ":milestoneID", use: show)
        routes.patch("milestones", ":milestoneID", use: edit)
        routes.post("milestones", ":milestoneID", "updates", use: recordUpdate)
        routes.post("milestones", ":milestoneID", "withdraw", use: withdraw)
        routes.post("milestones", ":milestoneID", "reinstate", use: reinstate)
        routes.post("activities", ":activityID", "milestones", use: create)
        routes.post("plans", ":planID", "areas", use: createArea)
        routes.post("areas", ":areaID", "activities", use: createActivity)
    }

    struct MilestoneDetail: Content {
        var milestone: MilestoneListing
        var version: Int
        var withdrawnReason: String?

        enum CodingKeys: String, CodingKey { case milestone, version, withdrawnReason = "withdrawn_reason" }
    }

    struct Saved: Content {
        var id: Int
        var version: Int
    }

    struct UpdateBody: Content {
        var commentary: String
        var forecast: String?
        var completed: String?
        var proposed_deadline: String?
        var proposed_reason: String?
        var version: Int
    }

    struct MilestoneBody: Content {
        var title: String
        var deadline: String
        var leads: String
        var version: Int?
    }

    struct WithdrawBody: Content {
        var reason: String?
        var version: Int
    }

    func show(req: Request) async throws -> MilestoneDetail {
        try req.authorize(.read)
        let milestone = try await find(req)
        let plan = try await Plan.find(milestone.$plan.id, on: req.db)!
        let listing = try await MilestoneQuery.page(plan: plan, asOf: try APIQuery.asOf(req), filter: .init(milestoneID: milestone.id), limit: 1,
                                                    on: req.db, cache: req.application.reportCache).items.first
        guard let listing else { throw APIError.notFound("Milestone \(milestone.id ?? 0)") }
        return MilestoneDetail(milestone: listing, version: milestone.version, withdrawnReason: milestone.withdrawnReason)
    }

    func recordUpdate(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let milestone = try await find(req)
        let body = try req.apiBody(UpdateBody.self)
        // Leaving out both dates keeps the ones recorded; sending either replaces both.
        let keep = body.forecast == nil && body.completed == nil
        let input = MilestoneUpdateService.Input(commentary: body.commentary,
                                                 forecast: keep ? (milestone.forecastDate ?? "") : (body.forecast ?? ""),
                                                 completed: keep ? (milestone.completedDate ?? "") : (body.completed ?? ""),
                                                 proposedDeadline: body.proposed_deadline ?? "", proposedReason: body.proposed_reason ?? "", version: body.version)
        switch try await MilestoneUpdateService(db: req.db, user: user).save(milestoneID: try milestone.requireID(), input: input, today: AsOf.today()) {
        case .saved(let version): return try await Saved(id: milestone.id!, version: version).encodeResponse(status: .created, for: req)
        case .invalid(let errors): throw APIError.fields(errors)
        case .conflict(let changedBy, _, let current): throw APIError.conflict(changedBy: changedBy, version: current)
        }
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        guard let activityID = req.parameters.get("activityID").flatMap(Int.init), try await Activity.find(activityID, on: req.db) != nil else {
            throw APIError.notFound("The activity")
        }
        let body = try req.apiBody(MilestoneBody.self)
        return try await created(req) {
            try await PlanStructureService(db: req.db, user: user)
                .addMilestone(to: activityID, .init(title: body.title, deadline: body.deadline, leads: body.leads))
        }
    }

    struct NameBody: Content { var name: String }
    struct TitleBody: Content { var title: String }

    func createArea(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        guard let planID = req.parameters.get("planID").flatMap(Int.init), try await Plan.find(planID, on: req.db) != nil else {
            throw APIError.notFound("The plan")
        }
        let body = try req.apiBody(NameBody.self)
        return try await created(req) { try await PlanStructureService(db: req.db, user: user).addArea(to: planID, name: body.name) }
    }

    func createActivity(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        guard let areaID = req.parameters.get("areaID").flatMap(Int.init), try await Area.find(areaID, on: req.db) != nil else {
            throw APIError.notFound("The area")
        }
        let body = try req.apiBody(TitleBody.self)
        return try await created(req) { try await PlanStructureService(db: req.db, user: user).addActivity(to: areaID, title: body.title) }
    }

    /// 201 with the new id, or 422 listing each field's problem.
    private func created(_ req: Request, _ create: () async throws -> WriteResult<Int>) async throws -> Response {
        let result = try await create()
        guard case .saved(let id) = result else { throw APIError.fields(result.errors) }
        return try await Saved(id: id, version: 1).encodeResponse(status: .created, for: req)
    }

    func edit(req: Request) async throws -> Saved {
        let user = try req.authorize(.editStructure)
        let milestone = try await find(req)
        let body = try req.apiBody(MilestoneBody.self)
        let saved = try await PlanStructureService(db: req.db, user: user)
            .editMilestone(try milestone.requireID(), .init(title: body.title, deadline: body.deadline, leads: body.leads, version: body.version ?? -1))
        return try result(saved, id: milestone.requireID())
    }

    func withdraw(req: Request) async throws -> Saved {
        try await changeLifecycle(req, withdrawing: true)
    }

    func reinstate(req: Request) async throws -> Saved {
        try await changeLifecycle(req, withdrawing: false)
    }

    private func changeLifecycle(_ req: Request, withdrawing: Bool) async throws -> Saved {
        let user = try req.authorize(.withdrawMilestone)
        let milestone = try await find(req)
        let body = try req.apiBody(WithdrawBody.self)
        let saved = try await PlanStructureService(db: req.db, user: user)
            .setWithdrawn(try milestone.requireID(), reason: withdrawing ? (body.reason ?? "") : nil, version: body.version)
        return try result(saved, id: milestone.requireID())
    }

    private func result(_ saved: WriteResult<Int>, id: Int) throws -> Saved {
        switch saved {
        case .saved(let version): return Saved(id: id, version: version)
        case .invalid(let errors): throw APIError.fields(errors)
        case .conflict(let changedBy, _, let version): throw APIError.conflict(changedBy: changedBy, version: version)
        }
    }

    private func find(_ req: Request) async throws -> Milestone {
        guard let raw = req.parameters.get("milestoneID"), let id = Int(raw) else {
            throw APIError.invalid("id", "a milestone id is a whole number, such as /api/v1/milestones/1")
        }
        guard let milestone = try await Milestone.find(id, on: req.db) else { throw APIError.notFound("Milestone \(id)") }
        return milestone
    }
}

extension Request {
    /// The JSON body an API endpoint takes, or a 400 saying where its shape is described.
    func apiBody<T: Content>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch {
            throw APIError(status: .badRequest, code: "invalid_body", message: "The request body is not the JSON this endpoint takes; see /api/v1/openapi.json")
        }
    }
}

/// Query parameters shared by the API controllers.
enum APIQuery {
    static func asOf(_ req: Request) throws -> CalendarDate {
        guard let text = req.query[String.self, at: "as_of"] else { return AsOf.today() }
        guard let date = CalendarDate(iso: text) else {
            throw APIError.invalid("as_of", "\"\(text)\" is not a date; write it as YYYY-MM-DD")
        }
        return date
    }
}
