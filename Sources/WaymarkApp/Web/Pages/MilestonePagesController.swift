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

    struct Loaded {
        var milestone: Milestone
        var activity: Activity
        var area: Area
        var plan: Plan
        var leads: [Person]
    }

    static func load(_ req: Request) async throws -> Loaded {
        guard let raw = req.parameters.get("milestoneID"), let id = Int(raw),
              let milestone = try await Milestone.query(on: req.db).filter(\.$id == id).with(\.$leads).with(\.$activity).first() else {
            throw Abort(.notFound, reason: "There is no such milestone.")
        }
        guard let area = try await Area.find(milestone.activity.$area.id, on: req.db),
              let plan = try await Plan.find(milestone.$plan.id, on: req.db) else { throw Abort(.notFound) }
        return Loaded(milestone: milestone, activity: milestone.activity, area: area, plan: plan, leads: milestone.leads)
    }

    func show(req: Request) async throws -> HTML {
        try await page(req, commentErrors: [], comment: "")
    }

    func comment(req: Request) async throws -> Response {
        let user = try req.authorize(.comment)
        let loaded = try await Self.load(req)
        let text = (try? req.content.get(String.self, at: "comment")) ?? ""
        let errors = try await CommentService(db: req.db, user: user).add(to: try loaded.milestone.requireID(), body: text).errors
        guard errors.isEmpty else { return Response.html(try await page(req, commentErrors: errors, comment: text), status: .unprocessableEntity) }
        return req.redirect(to: "/milestones/\(loaded.milestone.id ?? 0)#history")
    }

    private func page(_ req: Request, commentErrors: [FieldError], comment: String) async throws -> HTML {
        let user = try req.authorize(.read)
        let loaded = try await Self.load(req)
        let m = loaded.milestone
        let asOf = try req.asOfDate()
        let withdrawn = m.lifecycle == .withdrawn
        let verdict = loaded.plan.scheme.verdict(m.facts, asOf: asOf, decision: m.decidedStatus, decisionReason: m.decidedReason, withdrawn: withdrawn)
        let status: HTML = Layout.statusTag(verdict.short, key: verdict.colour)
        // The tag already names the status; the sentence beside it gives the reason.
        let why = withdrawn ? "\(m.withdrawnReason ?? "No reason recorded"). Not counted in the figures."
            : verdict.status?.kind == .byDecision ? verdict.explanation : MilestoneUpdateForm.reason(verdict.assessment)
        let canUpdate = !withdrawn && loaded.plan.state != .closed && user.access.may(.updateMilestone(leads: Set(loaded.leads.compactMap(\.id))))
        let history = try await MilestoneHistory.entries(for: try m.requireID(), progressOnly: user.role == .reviewer, on: req.db)
        let revisions = try await DeadlineRevision.query(on: req.db).filter(\.$milestone.$id == m.requireID()).sort(\.$id).all()
        let planID = try loaded.plan.requireID()
        let answers = try await RecommendationMilestone.query(on: req.db).filter(\.$milestone.$id == m.requireID())
            .with(\.$finding) { $0.with(\.$review) }.all()
        let answered: HTML = answers.map { link -> HTML in
            "<dt>Answers</dt><dd>Recommendation \(link.finding.number) of <a href=\"/reviews/\(link.finding.review.id ?? 0)\">\(link.finding.review.title)</a>: \(link.finding.text)</dd>"
        }.reduce(HTML(""), +)
        let carried = try await SuccessorNotices.milestone(m, on: req.db)

        let commentForm: HTML = user.access.may(.comment) ? """
            <form method="post" action="/milestones/\(m.id ?? 0)/comments" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            \(MilestoneUpdateForm.textarea("comment", "Add a comment", hint: "Comments and challenges are kept in the milestone's history", value: comment, errors: commentErrors))
            <button class="button button--secondary" type="submit">Add comment</button></form>
            """ : ""
        return Layout.page(m.title, context: req.layoutContext, errors: commentErrors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", loaded.plan.title), ("/plans/\(planID)/milestones?area=\(loaded.area.id ?? 0)", loaded.area.name)]))
        \(req.query[String.self, at: "updated"] == "1" ? FormFields.successBanner("Update saved", "Your progress update has been saved and is in the milestone's history below.") : "")
        \(req.query[String.self, at: "decided"] == "1" ? FormFields.successBanner("Decision saved", "The milestone's status is as shown below, and the decision is in its history.") : "")
        <span class="caption">\(loaded.area.name) – <a href="/activities/\(loaded.activity.id ?? 0)">activity \(loaded.activity.label): \(loaded.activity.title)</a></span>
        <h1>\(m.title)</h1>
        <p>\(status) <span id="status-reason">\(why)</span></p>
        <dl class="summary-list">
          <dt>Lead officers</dt><dd>\(loaded.leads.map(\.name).joined(separator: ", "))</dd>
          <dt>Deadline as written</dt><dd>\(m.deadlineText)</dd>
          <dt>Deadline as understood</dt><dd>\(m.deadline.explanation)</dd>
          \(revisedDeadline(m, asOf: asOf))
          <dt>Forecast completion</dt><dd>\(m.forecastDate.flatMap { CalendarDate(iso: $0)?.display } ?? "None given")</dd>
          <dt>Completed</dt><dd>\(m.completedDate.flatMap { CalendarDate(iso: $0)?.display } ?? "Not yet")</dd>
          <dt>Status worked out for</dt><dd>\(asOf.display)</dd>
          \(reportedStatus(m, scheme: loaded.plan.scheme, worked: verdict))
          \(answered)
          \(carried)
        </dl>
        \(canUpdate ? HTML("<p><a class=\"button\" href=\"/milestones/\(m.id ?? 0)/update\">Record an update</a></p>") : "")
        \(user.access.may(.editStructure) ? HTML("<p><a href=\"/milestones/\(m.id ?? 0)/edit\">Edit or withdraw this milestone</a></p>") : "")
        \(!withdrawn && user.access.may(.manageReporting) && !loaded.plan.scheme.decisionStatuses.isEmpty ? HTML("<p><a href=\"/milestones/\(m.id ?? 0)/decision\">Set or clear a status by decision</a></p>") : "")
        \(revisions.isEmpty ? "" : revisionsTable(revisions))
        <h2 id="history">\(user.role == .reviewer ? "Progress updates" : "History")</h2>
        \(commentForm)
        \(MilestoneHistory.render(history))
        """)
    }

    /// The status an imported file gave, beside the one Waymark works out, and whether they differ.
    private func reportedStatus(_ m: Milestone, scheme: StatusScheme, worked: SchemeVerdict) -> HTML {
        guard let code = m.reportedStatus else { return "" }
        let name = scheme.status(code)?.short ?? code
        let day = m.reportedOn.flatMap { CalendarDate(iso: $0)?.display } ?? "an unrecorded day"
        let comparison = code == worked.code ? "Waymark works out the same." : "Waymark works out \(worked.short) from the dates, which is what the figures count."
        return "<dt>Status reported in the imported plan</dt><dd>\(name), reported for \(day). \(comparison)</dd>"
    }

    /// The Board's latest agreed deadline, beside (never instead of) the original one.
    private func revisedDeadline(_ m: Milestone, asOf: CalendarDate) -> HTML {
        guard let text = m.revisedDeadlineText, let against = StatusRules.assess(m.facts, againstRevised: text, asOf: asOf) else { return "" }
        return """
        <dt>Revised deadline agreed by the Board</dt><dd>\(text) (re-timed \(m.revisionCount) time\(m.revisionCount == 1 ? "" : "s")). \
        Against it the milestone would be \(against.status.label); its status stays measured against the original deadline.</dd>
        """
    }

    private func revisionsTable(_ revisions: [DeadlineRevision]) -> HTML {
        let rows = revisions.map { r -> HTML in
            let decided = r.decidedOn.flatMap { CalendarDate(iso: $0)?.display }.map { " on \($0)\(r.minuteReference.map { ", minute \($0)" } ?? "")" } ?? ""
            return "<tr><td>\(r.proposedText)</td><td>\(r.reason)</td><td>\(r.state.rawValue.capitalized)\(decided)</td></tr>"
        }
        return """
        <h2>Proposed revised deadlines</h2>
        <p>A revised deadline needs the Board's agreement. Status is always measured against the original deadline.</p>
        <table class="table"><thead><tr><th scope="col">Proposed deadline</th><th scope="col">Reason</th><th scope="col">Decision</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }

    func updateForm(req: Request) async throws -> HTML {
        let (user, loaded) = try await authorizeUpdate(req)
        _ = user
        let m = loaded.milestone
        let input = MilestoneUpdateService.Input(forecast: m.forecastDate ?? "", completed: m.completedDate ?? "", version: m.version)
        return MilestoneUpdateForm.page(req, loaded: loaded, input: input, errors: [], preview: nil)
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
            return Response.html(MilestoneUpdateForm.page(req, loaded: loaded, input: input, errors: errors, preview: preview),
                                 status: errors.isEmpty ? .ok : .unprocessableEntity)
        }
        let service = MilestoneUpdateService(db: req.db, user: user)
        switch try await service.save(milestoneID: try loaded.milestone.requireID(), input: input, today: today) {
        case .saved:
            return req.redirect(to: "/milestones/\(loaded.milestone.id ?? 0)?updated=1")
        case .invalid(let errors):
            return Response.html(MilestoneUpdateForm.page(req, loaded: loaded, input: input, errors: errors, preview: nil), status: .unprocessableEntity)
        case .conflict(let changedBy, let at, _):
            let current = try await Self.load(req)
            return Response.html(MilestoneUpdateForm.conflictPage(req, current: current, yours: input, changedBy: changedBy, at: at), status: .conflict)
        }
    }

    private func authorizeUpdate(_ req: Request) async throws -> (User, Loaded) {
        let user = try req.requireUser()
        let loaded = try await Self.load(req)
        guard loaded.milestone.lifecycle == .active else { throw WriteRefusal.withdrawn() }
        try req.authorize(.updateMilestone(leads: Set(loaded.leads.compactMap(\.id))))
        return (user, loaded)
    }
}
