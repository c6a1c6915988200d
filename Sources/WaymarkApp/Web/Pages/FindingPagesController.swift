import Fluent
import Vapor
import WaymarkCore

/// The peer team's feedback on a review's page, a finding's or recommendation's own page, and the
/// form that turns a recommendation into milestones of an action plan.
struct FindingPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("reviews", ":reviewID", "findings", use: add)
        routes.get("review-findings", ":findingID", use: show)
        routes.post("review-findings", ":findingID", use: update)
        routes.post("review-findings", ":findingID", "milestones", use: addMilestone)
    }

    /// Each recommendation's milestones with their status today, by recommendation id.
    static func answers(_ findings: [ReviewFinding], on db: any Database, today: CalendarDate) async throws -> [Int: [HTML]] {
        try await RecommendationProgress.answers(to: findings, today: today, on: db).mapValues { answers in
            answers.map { a -> HTML in "<li><a href=\"/milestones/\(a.milestoneID)\">\(a.title)</a>, \(a.deadline) \(Layout.statusTag(a.verdict.short, key: a.verdict.colour))</li>" }
        }
    }

    /// The feedback section of a review's page, with the form to add to it for the team.
    static func section(_ req: Request, review: Review, canManage: Bool, errors: [FieldError], csrf: HTML) async throws -> HTML {
        let id = try review.requireID()
        let today = AsOf.today(req.application.now())
        let findings = try await ReviewFinding.query(on: req.db).filter(\.$review.$id == id).with(\.$theme).sort(\.$kind).sort(\.$number).all()
        let answers = try await answers(findings, on: req.db, today: today)
        let rows = findings.map { f -> HTML in
            let change: HTML = canManage ? " <a href=\"/review-findings/\(f.id ?? 0)\">Change<span class=\"visually-hidden\"> \(f.kind.label.lowercased()) \(f.number)</span></a>" : ""
            let milestones: HTML = f.kind == .recommendation ? (answers[f.id ?? 0].map { "<ul class=\"list\">\($0)</ul>" as HTML } ?? "No milestones yet") : ""
            return "<tr><td>\(f.kind.label) \(f.number)\(change)</td><td>\(f.theme?.title ?? "")</td><td>\(Layout.statusTag(f.stage.label, key: f.stage == .final ? "completed" : "on_target"))</td><td>\(BoardPackHTML.paragraphs(f.text))</td><td>\(milestones)</td></tr>"
        }
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let form: HTML = canManage ? """
            <details class="details"\(errors.isEmpty ? "" : " open")><summary class="details__summary">Add a finding or recommendation</summary><div class="details__text">
            <form method="post" action="/reviews/\(id)/findings" novalidate>\(csrf)
              \(FormFields.radios("finding_kind", legend: "Is it a finding or a recommendation?", options: ReviewFinding.Kind.allCases.map { ($0.rawValue, $0.label) }, selected: "", errors: errors))
              \(themeSelect(themes, selected: nil, errors: errors))
              \(MilestoneUpdateForm.textarea("finding_text", "Text", hint: "As the peer team wrote it. It starts as a draft.", value: "", errors: errors))
              <button class="button button--secondary" type="submit">Add</button>
            </form></div></details>
            """ : ""
        return """
        <h2 id="feedback">Feedback and recommendations</h2>
        \(rows.isEmpty ? HTML("<p>No findings or recommendations recorded yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Findings and recommendations, with the milestones that answer each recommendation</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">Theme</th><th scope="col">Stage</th><th scope="col">Text</th><th scope="col">Action plan milestones</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        \(form)
        """
    }

    /// On a follow-up visit's page: where the first review's recommendations stand, which is
    /// where its evidence starts.
    static func followUp(_ req: Request, review: Review) async throws -> HTML {
        guard let first = try await review.$follows.get(on: req.db) else { return "" }
        let recommendations = try await ReviewFinding.query(on: req.db).filter(\.$review.$id == first.requireID()).filter(\.$kind == .recommendation).sort(\.$number).all()
        guard !recommendations.isEmpty else { return "<h2 id=\"since\">Since the first visit</h2><p>\(first.title) recorded no recommendations.</p>" }
        let answers = try await answers(recommendations, on: req.db, today: AsOf.today(req.application.now()))
        let items = recommendations.map { r -> HTML in
            "<li><strong>Recommendation \(r.number)</strong>: \(r.text)\(answers[r.id ?? 0].map { "<ul class=\"list\">\($0)</ul>" as HTML } ?? HTML("<p class=\"hint\">No milestones answer it.</p>"))</li>"
        }
        return "<h2 id=\"since\">Since the first visit: where its recommendations stand</h2><p>The recommendations of <a href=\"/reviews/\(first.id ?? 0)\">\(first.title)</a>, with the status today of each milestone that answers them.</p><ol class=\"list list--number\">\(items)</ol>"
    }

    static func themeSelect(_ themes: [ReviewTheme], selected: Int?, errors: [FieldError]) -> HTML {
        FormFields.select("finding_theme_id", "Theme (optional)", options: [("", "None")] + themes.map { (String($0.id ?? 0), $0.kind == .theme ? $0.title : "Scope question \($0.position)") },
                          selected: selected.map(String.init) ?? "", errors: errors)
    }

    func add(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let result = try await FindingService(db: req.db, user: user).add(reviewID: try review.requireID(),
                                                                          .init(kind: form["finding_kind"] ?? "", text: form["finding_text"] ?? "", themeID: form["finding_theme_id"].flatMap(Int.init)))
        guard case .saved = result else { return Response.html(try await ReviewPage.render(req, review: review, errors: result.errors, failedForm: "finding"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())#feedback")
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        let finding = try await req.find(ReviewFinding.self, "findingID")
        return try await page(req, finding: finding, input: .init(text: finding.text, stage: finding.stage.rawValue, themeID: finding.$theme.id, version: finding.version),
                              milestone: .init(), errors: [], failed: nil)
    }

    private func page(_ req: Request, finding: ReviewFinding, input: FindingService.Input, milestone: PlanStructureService.MilestoneInput,
                      errors: [FieldError], failed: String?, notice: HTML = "") async throws -> HTML {
        guard let review = try await Review.find(finding.$review.id, on: req.db) else { throw Abort(.notFound) }
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == review.requireID()).sort(\.$position).all()
        let answers = try await Self.answers([finding], on: req.db, today: AsOf.today(req.application.now()))
        let areas = try await Area.query(on: req.db).with(\.$plan).sort(\.$position).all().sorted { ($0.plan.title, $0.position) < ($1.plan.title, $1.position) }
        let editErrors = failed == "edit" ? errors : [], milestoneErrors = failed == "milestone" ? errors : []
        let heading = "\(finding.kind.label) \(finding.number)"
        let milestoneForm: HTML = finding.kind == .recommendation ? """
            <h2 id="action-plan">Milestones that answer it</h2>
            \(answers[finding.id ?? 0].map { "<ul class=\"list\">\($0)</ul>" as HTML } ?? HTML("<p>None yet.</p>"))
            <form method="post" action="/review-findings/\(finding.id ?? 0)/milestones" novalidate>\(csrf)
              <h3>Add a milestone to the action plan</h3>
              \(FormFields.select("target", "Where it goes", hint: "An area of a plan, or a new plan of its own for the review's recommendations, with an area for the recommendation's theme.",
                                  options: [("", "Choose"), ("new", "A new action plan: \(review.title) action plan")] + areas.map { (String($0.id ?? 0), "\($0.plan.title): \($0.name)") },
                                  selected: "", errors: milestoneErrors))
              \(MilestoneUpdateForm.textField("title", "Milestone", hint: nil, value: milestone.title, errors: milestoneErrors))
              \(MilestoneUpdateForm.textField("deadline", "Deadline", hint: "As written, such as Mar-19 or Q4 2018-19", value: milestone.deadline, errors: milestoneErrors))
              \(MilestoneUpdateForm.textField("leads", "Lead officers", hint: "Separate joint leads with /", value: milestone.leads, errors: milestoneErrors))
              <button class="button" type="submit">Add milestone</button>
            </form>
            """ : ""
        return Layout.page(heading, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title)]))
        <h1>\(heading)</h1>
        \(notice)
        <form method="post" action="/review-findings/\(finding.id ?? 0)" novalidate>\(csrf)<input type="hidden" name="version" value="\(input.version)">
          \(Self.themeSelect(themes, selected: input.themeID, errors: editErrors))
          \(MilestoneUpdateForm.textarea("finding_text", "Text", hint: nil, value: input.text, errors: editErrors))
          \(FormFields.radios("stage", legend: "Stage", options: ReviewFinding.Stage.allCases.map { ($0.rawValue, $0.label) }, selected: input.stage, errors: editErrors))
          <button class="button button--secondary" type="submit">Save</button>
        </form>
        \(milestoneForm)
        """)
    }

    func update(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let finding = try await req.find(ReviewFinding.self, "findingID")
        let form = try req.content.decode([String: String].self)
        let input = FindingService.Input(text: form["finding_text"] ?? "", stage: form["stage"] ?? "", themeID: form["finding_theme_id"].flatMap(Int.init),
                                         version: form["version"].flatMap(Int.init) ?? 0)
        switch try await FindingService(db: req.db, user: user).update(findingID: try finding.requireID(), input) {
        case .saved: return req.redirect(to: "/reviews/\(finding.$review.id)#feedback")
        case .invalid(let errors): return Response.html(try await page(req, finding: finding, input: input, milestone: .init(), errors: errors, failed: "edit"), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.find(ReviewFinding.self, "findingID")
            return Response.html(try await page(req, finding: fresh, input: .init(text: fresh.text, stage: fresh.stage.rawValue, themeID: fresh.$theme.id, version: version),
                                                milestone: .init(), errors: [], failed: nil, notice: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    func addMilestone(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let finding = try await req.find(ReviewFinding.self, "findingID")
        let form = try req.content.decode([String: String].self)
        let target: FindingService.Target? = form["target"] == "new" ? .newPlan : form["target"].flatMap(Int.init).map { .area($0) }
        let input = PlanStructureService.MilestoneInput(title: form["title"] ?? "", deadline: form["deadline"] ?? "", leads: form["leads"] ?? "")
        let result = try await FindingService(db: req.db, user: user).addMilestone(findingID: try finding.requireID(), target: target, input)
        guard case .saved = result else {
            return Response.html(try await page(req, finding: finding, input: .init(text: finding.text, stage: finding.stage.rawValue, themeID: finding.$theme.id, version: finding.version),
                                                milestone: input, errors: result.errors, failed: "milestone"), status: .unprocessableEntity)
        }
        return req.redirect(to: "/review-findings/\(try finding.requireID())#action-plan")
    }
}
