import Fluent
import Vapor
import WaymarkCore

/// `/reviews`: independent reviews of the plans (the LGA peer challenge and its follow-up), and
/// setting one up.
struct ReviewPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", use: index)
        routes.post("reviews", use: create)
        routes.get("reviews", ":reviewID", use: show)
        routes.post("reviews", ":reviewID", "themes", use: ReviewEditPages.addTheme)
        routes.get("review-themes", ":themeID", use: ReviewEditPages.themeForm)
        routes.post("review-themes", ":themeID", use: ReviewEditPages.saveTheme)
        routes.post("reviews", ":reviewID", "activities", use: ReviewEditPages.addActivity)
        routes.get("review-activities", ":activityID", use: ReviewEditPages.activityForm)
        routes.post("review-activities", ":activityID", use: ReviewEditPages.saveActivity)
        routes.post("reviews", ":reviewID", "peers", use: ReviewEditPages.addPeer)
        routes.post("reviews", ":reviewID", "position-statement", use: ReviewEditPages.positionStatement)
        routes.post("reviews", ":reviewID", "close", use: ReviewEditPages.close)
        routes.get("reviews", ":reviewID", "details", use: ReviewEditPages.detailsForm)
        routes.post("reviews", ":reviewID", "details", use: ReviewEditPages.saveDetails)
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await indexPage(req, input: .init(), errors: [])
    }

    private func indexPage(_ req: Request, input: ReviewService.ReviewInput, errors: [FieldError]) async throws -> HTML {
        let reviews = try await Review.query(on: req.db).with(\.$plan).sort(\.$id, .descending).all()
        let today = AsOf.today()
        var rows: [HTML] = []
        for review in reviews {
            let activities = try await ReviewActivity.query(on: req.db).filter(\.$review.$id == review.requireID()).all().compactMap(\.timelineActivity)
            let visit = ReviewTimeline.visitStarts(activities).map { $0 < today ? "Visited from \($0.display)" : "Visit from \($0.display)" } ?? "Visit not dated yet"
            rows.append("<tr><td><a href=\"/reviews/\(review.id ?? 0)\">\(review.title)</a></td><td>\(review.kind.label)</td><td>\(review.plan.title)</td><td>\(visit)</td></tr>")
        }
        let form: HTML = req.currentUser?.access.may(.manageReviews) == true ? try await createForm(req, input: input, errors: errors, reviews: reviews) : ""
        return Layout.page("Reviews", context: req.layoutContext, errors: errors, """
        <h1>Independent reviews</h1>
        <p>Peer challenges and other independent reviews of the improvement plans: their themes, timeline, peer team and evidence.</p>
        \(reviews.isEmpty ? HTML("<p>No reviews have been set up.</p>") : """
        <table class="table"><caption class="visually-hidden">Reviews, newest first</caption>
        <thead><tr><th scope="col">Review</th><th scope="col">Kind</th><th scope="col">Plan</th><th scope="col">On-site visit</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        \(form)
        """)
    }

    private func createForm(_ req: Request, input: ReviewService.ReviewInput, errors: [FieldError], reviews: [Review]) async throws -> HTML {
        let plans = try await Plan.query(on: req.db).sort(\.$title).all()
        let submissions = try await Submission.query(on: req.db).with(\.$direction).sort(\.$dueOn).all()
        return """
        <h2>Set up a review</h2>
        <form method="post" action="/reviews" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          \(FormFields.radios("kind", legend: "What kind of review is it?", hint: "An LGA peer challenge starts with the LGA's five standard themes and the usual timeline; a follow-up visit starts with the themes of the review it follows.",
                              options: ReviewKind.allCases.map { ($0.rawValue, $0.label) }, selected: input.kind, errors: errors))
          \(MilestoneUpdateForm.textField("title", "Title", hint: "For example, LGA Corporate Peer Challenge 2018", value: input.title, errors: errors))
          \(FormFields.select("plan_id", "Plan it reviews", options: [("", "Select a plan")] + plans.map { (String($0.id ?? 0), $0.title) }, selected: input.planID.map(String.init) ?? "", errors: errors))
          \(FormFields.select("submission_id", "Submission to the Secretary of State it answers (optional)", options: [("", "None")] + submissions.map { (String($0.id ?? 0), "\($0.direction.title): \($0.title)") },
                              selected: input.submissionID.map(String.init) ?? "", errors: errors))
          \(FormFields.select("follows_review_id", "Review it follows up (for a follow-up visit)", options: [("", "None")] + reviews.map { (String($0.id ?? 0), $0.title) },
                              selected: input.followsReviewID.map(String.init) ?? "", errors: errors))
          \(MilestoneUpdateForm.textarea("introduction", "Introduction (optional)", hint: "Why the review is held, for the Board paper. For example, the Directions' requirement it answers.", value: input.introduction, errors: errors))
          <button class="button" type="submit">Set up review</button>
        </form>
        """
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let form = try req.content.decode([String: String].self)
        var input = ReviewService.ReviewInput(planID: form["plan_id"].flatMap(Int.init), kind: form["kind"] ?? "", title: form["title"] ?? "",
                                              introduction: form["introduction"] ?? "", submissionID: form["submission_id"].flatMap(Int.init),
                                              followsReviewID: form["follows_review_id"].flatMap(Int.init))
        if let id = input.submissionID { input.directionID = try await Submission.find(id, on: req.db)?.$direction.id }
        let result = try await ReviewService(db: req.db, user: user).create(input)
        guard case .saved(let review) = result else { return Response.html(try await indexPage(req, input: input, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())")
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await ReviewPage.render(req, review: try await req.find(Review.self, "reviewID"), errors: [], failedForm: nil)
    }
}
