import Fluent
import Vapor
import WaymarkCore

/// The peer team's accounts for a review (given and ended by the performance team), and who read
/// which evidence.
struct ReviewerAccessPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", ":reviewID", "reviewers", use: page)
        routes.post("reviews", ":reviewID", "reviewers", use: give)
        routes.post("reviews", ":reviewID", "reviewers", ":userID", "end", use: end)
        routes.get("reviews", ":reviewID", "reads", use: reads)
    }

    func page(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        return try await render(req, review: try await req.find(Review.self, "reviewID"), input: .init(), errors: [], notice: "")
    }

    private func render(_ req: Request, review: Review, input: ReviewerAccountService.Input, errors: [FieldError], notice: HTML) async throws -> HTML {
        let id = try review.requireID()
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let today = AsOf.today(req.application.now())
        let accounts = try await User.query(on: req.db).filter(\.$review.$id == id).filter(\.$role == .reviewer).sort(\.$displayName).all()
        let peers = try await PeerMember.query(on: req.db).filter(\.$review.$id == id).filter(\.$user.$id == nil).sort(\.$position).all()
        let visit = try await ScheduleRecords.visitDays(reviewID: id, on: req.db)
        let standard = visit.first.flatMap { first in visit.last.map { ReviewerWindow.standard(visitStarts: first, visitEnds: $0) } }
        let rows = accounts.map { user -> HTML in
            let window = user.reviewerWindow
            let state: HTML = user.disabled ? Layout.statusTag("Ended", key: "withdrawn")
                : window.map { $0.contains(today) ? Layout.statusTag("Active", key: "completed") : today < $0.validFrom ? Layout.statusTag("Not started", key: "on_target") : Layout.statusTag("Expired", key: "overdue") } ?? ""
            let end: HTML = user.disabled ? "" : """
                <form method="post" action="/reviews/\(id)/reviewers/\(user.id ?? 0)/end" class="inline-form">\(csrf)<button class="button button--warning" type="submit">End access<span class="visually-hidden"> for \(user.displayName)</span></button></form>
                """
            return "<tr><td>\(user.displayName)</td><td>\(user.email)</td><td>\(window.map { "\($0.validFrom.display) to \($0.validUntil.display)" } ?? "")</td><td>\(state)</td><td>\(end)</td></tr>"
        }
        let hint = standard.map { "Leave blank for two weeks either side of the visit: \($0.validFrom.display) to \($0.validUntil.display). The last day is included." } ?? "Give the on-site visit its dates in the timeline, or enter the days here. The last day is included."
        return Layout.page("Reviewer access: \(review.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title)]))
        <h1>Reviewer access</h1>
        \(notice)
        <p>Each member of the peer team can have an account that reads this review (its themes, evidence and schedule) and the plan it reviews (dashboard, milestones, KPIs and the Board packs of closed periods), and nothing else, between its first and last days. <a href="/reviews/\(id)/reads">Who has read which evidence</a>.</p>
        \(rows.isEmpty ? HTML("<p>No reviewer accounts yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Reviewer accounts</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email address</th><th scope="col">Access</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        <h2>Give access</h2>
        <form method="post" action="/reviews/\(id)/reviewers" novalidate>\(csrf)
          \(peers.isEmpty ? HTML("") : FormFields.select("peer_id", "Member of the peer team", options: [("", "Someone not listed")] + peers.map { (String($0.id ?? 0), "\($0.name), \($0.role)") }, selected: input.peerID.map(String.init) ?? "", errors: errors))
          \(MilestoneUpdateForm.textField("name", "Name", hint: peers.isEmpty ? nil : "Leave blank to use the peer's name.", value: input.name, errors: errors))
          \(MilestoneUpdateForm.textField("email", "Email address", hint: "Their sign-in name.", value: input.email, errors: errors))
          \(MilestoneUpdateForm.dateField("valid_from", "First day of access", hint: hint, value: input.validFrom, errors: errors))
          \(MilestoneUpdateForm.dateField("valid_until", "Last day of access", hint: nil, value: input.validUntil, errors: errors))
          <button class="button" type="submit">Give access</button>
        </form>
        """)
    }

    func give(req: Request) async throws -> Response {
        let officer = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let input = ReviewerAccountService.Input(email: form["email"] ?? "", name: form["name"] ?? "", validFrom: form["valid_from"] ?? "",
                                                 validUntil: form["valid_until"] ?? "", peerID: form["peer_id"].flatMap(Int.init))
        switch try await ReviewerAccountService(db: req.db, actor: AuditLog.actor(officer), bcryptCost: req.application.settings.bcryptCost).giveAccess(reviewID: try review.requireID(), input) {
        case .saved(let made):
            let notice = try await UserPages.deliverOneTimeAccess(req, to: made.user, password: made.password, purpose: .newAccount, by: officer,
                                                                  heading: "Access given to \(made.user.displayName)")
            return Response.html(try await render(req, review: review, input: .init(), errors: [], notice: notice), status: .ok)
        case .invalid(let errors):
            return Response.html(try await render(req, review: review, input: input, errors: errors, notice: ""), status: .unprocessableEntity)
        case .conflict:
            throw Abort(.conflict)
        }
    }

    func end(req: Request) async throws -> Response {
        let officer = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        guard let userID = req.parameters.get("userID").flatMap(Int.init) else { throw Abort(.notFound) }
        _ = try await ReviewerAccountService(db: req.db, actor: AuditLog.actor(officer), bcryptCost: req.application.settings.bcryptCost).endAccess(userID: userID, reviewID: try review.requireID())
        return req.redirect(to: "/reviews/\(try review.requireID())/reviewers")
    }

    func reads(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let id = try review.requireID()
        let documents = try await EvidenceDocument.query(on: req.db).filter(\.$review.$id == id).all()
        let titles = Dictionary(documents.compactMap { d in d.id.map { ($0, d.title) } }, uniquingKeysWith: { a, _ in a })
        let logged = try await EvidenceRead.query(on: req.db).filter(\.$document.$id ~~ Array(titles.keys)).sort(\.$at, .descending).range(..<2000).all()
        let rows = logged.map { read -> HTML in
            "<tr><td>\(MilestoneUpdateForm.timestamp(read.at))</td><td>\(read.reader)</td><td><a href=\"/evidence/\(read.$document.id)\">\(titles[read.$document.id] ?? "")</a></td><td>\(read.action == .downloaded ? "Downloaded version \(read.versionNumber ?? 0)" : "Viewed")</td></tr>"
        }
        return Layout.page("Who read what: \(review.title)", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title), ("/reviews/\(id)/reviewers", "Reviewer access")]))
        <h1>Who has read which evidence</h1>
        <p>Every view and download of evidence by a reviewer, newest first (the latest 2,000).</p>
        \(rows.isEmpty ? HTML("<p>No reviewer has read any evidence yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Reviewers' reads of evidence, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Reviewer</th><th scope="col">Document</th><th scope="col">What</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        """)
    }
}
