import Fluent
import Vapor
import WaymarkCore

/// The form that changes a review's title, introduction and the submission it answers.
extension ReviewEditPages {
    @Sendable static func detailsForm(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        return try await detailsPage(req, review: review, input: .init(title: review.title, introduction: review.introduction,
                                                                       submissionID: review.$submission.id, version: review.version), errors: [])
    }

    private static func detailsPage(_ req: Request, review: Review, input: ReviewService.DetailsInput, errors: [FieldError], conflict: HTML = "") async throws -> HTML {
        let submissions = try await Submission.query(on: req.db).with(\.$direction).sort(\.$dueOn).all()
        return Layout.page("Change the review's details", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title)]))
        <h1>Change the review's details</h1>
        \(conflict)
        <form method="post" action="/reviews/\(review.id ?? 0)/details" novalidate>\(Layout.csrfField(CSRF.token(for: req)))<input type="hidden" name="version" value="\(input.version)">
          \(MilestoneUpdateForm.textField("title", "Title", hint: "For example, LGA Corporate Peer Challenge 2018", value: input.title, errors: errors))
          \(FormFields.select("submission_id", "Submission to the Secretary of State it answers (optional)", options: [("", "None")] + submissions.map { (String($0.id ?? 0), "\($0.direction.title): \($0.title)") },
                              selected: input.submissionID.map(String.init) ?? "", errors: errors))
          \(MilestoneUpdateForm.textarea("introduction", "Introduction (optional)", hint: "Why the review is held, for the Board paper.", value: input.introduction, errors: errors))
          <button class="button" type="submit">Save</button>
        </form>
        """)
    }

    @Sendable static func saveDetails(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let input = ReviewService.DetailsInput(title: form["title"] ?? "", introduction: form["introduction"] ?? "",
                                               submissionID: form["submission_id"].flatMap(Int.init), version: form["version"].flatMap(Int.init) ?? 0)
        switch try await ReviewService(db: req.db, user: user).updateDetails(reviewID: try review.requireID(), input) {
        case .saved: return req.redirect(to: "/reviews/\(try review.requireID())")
        case .invalid(let errors): return Response.html(try await detailsPage(req, review: review, input: input, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.find(Review.self, "reviewID")
            return Response.html(try await detailsPage(req, review: fresh, input: .init(title: fresh.title, introduction: fresh.introduction,
                                                                                       submissionID: fresh.$submission.id, version: version),
                                                       errors: [], conflict: conflictNotice(by, at)), status: .conflict)
        }
    }
}
