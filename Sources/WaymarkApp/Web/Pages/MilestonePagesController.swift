import Fluent
import Vapor
import WaymarkCore

/// A milestone's page, and the form its lead officers use to record progress.
struct MilestonePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("milestones", ":milestoneID", use: show)
        routes.get("milestones", ":milestoneID", "update", use: updateForm)
        routes.post("milestones", ":milestoneID", "update", use: update)
        routes.post("milestones", ":milestoneID", "comments", use: comment)
    }

    func show(req: Request) async throws -> HTML {
        try await page(req).render(req.layoutContext)
    }

    func comment(req: Request) async throws -> Response {
        let user = try req.authorize(.comment)
        let record = try await req.milestoneRecord()
        let text = (try? req.content.get(String.self, at: "comment")) ?? ""
        let errors = try await CommentService(db: req.db, user: user).add(to: try record.milestone.requireID(), body: text).errors
        guard errors.isEmpty else {
            var page = try await page(req)
            (page.comment, page.commentErrors) = (text, errors)
            return Response.html(page.render(req.layoutContext), status: .unprocessableEntity)
        }
        return req.redirect(to: "/milestones/\(record.milestone.id ?? 0)#history")
    }

    private func page(_ req: Request) async throws -> MilestonePage {
        let user = try req.authorize(.read)
        var page = try await MilestonePage.load(try await req.milestoneRecord(), for: user, asOf: try req.asOfDate(), on: req.db)
        page.saved = req.query[String.self, at: "updated"] == "1" ? "updated" : req.query[String.self, at: "decided"] == "1" ? "decided" : nil
        return page
    }

    func updateForm(req: Request) async throws -> HTML {
        let (user, loaded) = try await authorizeUpdate(req)
        _ = user
        let m = loaded.milestone
        let input = MilestoneUpdateService.Input(forecast: m.forecastDate ?? "", completed: m.completedDate ?? "", version: m.version)
        return MilestoneUpdatePage(loaded, input: input).render(req.layoutContext)
    }

    struct UpdateForm: Content {
        var commentary: String?
        var forecast: String?
        var completed: String?
        var proposed_deadline: String?
        var proposed_reason: String?
        var version: Int?
        var intent: String?
    }

    func update(req: Request) async throws -> Response {
        let (user, loaded) = try await authorizeUpdate(req)
        let form = try req.content.decode(UpdateForm.self)
        let input = MilestoneUpdateService.Input(
            commentary: form.commentary ?? "", forecast: form.forecast ?? "", completed: form.completed ?? "",
            proposedDeadline: form.proposed_deadline ?? "", proposedReason: form.proposed_reason ?? "", version: form.version ?? -1)
        let today = AsOf.today()
        if form.intent == "preview" {
            let (validated, errors) = MilestoneUpdateService.validate(input, today: today)
            let preview = validated.map { MilestoneUpdateService.preview(loaded.milestone, $0, today: today) }
            return Response.html(MilestoneUpdatePage(loaded, input: input, errors: errors, preview: preview).render(req.layoutContext),
                                 status: errors.isEmpty ? .ok : .unprocessableEntity)
        }
        let service = MilestoneUpdateService(db: req.db, user: user)
        switch try await service.save(milestoneID: try loaded.milestone.requireID(), input: input, today: today) {
        case .saved:
            return req.redirect(to: "/milestones/\(loaded.milestone.id ?? 0)?updated=1")
        case .invalid(let errors):
            return Response.html(MilestoneUpdatePage(loaded, input: input, errors: errors).render(req.layoutContext), status: .unprocessableEntity)
        case .conflict(let changedBy, let at, _):
            let current = try await req.milestoneRecord()
            return Response.html(MilestoneUpdateForm.conflictPage(req.layoutContext, current: current, yours: input, changedBy: changedBy, at: at), status: .conflict)
        }
    }

    private func authorizeUpdate(_ req: Request) async throws -> (User, MilestoneRecord) {
        let user = try req.requireUser()
        let loaded = try await req.milestoneRecord()
        guard loaded.milestone.lifecycle == .active else { throw WriteRefusal.withdrawn() }
        try req.authorize(.updateMilestone(leads: Set(loaded.leads.compactMap(\.id))))
        return (user, loaded)
    }
}
