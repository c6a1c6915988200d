import Fluent
import Vapor
import WaymarkCore

/// Keeps an external reviewer inside their review. Every request of a reviewer's account, by
/// session or API token, is checked here: outside the account's dates it is refused and the
/// session ended, at once; a page `ReviewerReach` does not list is refused; and a listed page
/// whose id is not of the reviewer's review or plan is "not found", so nothing else is revealed.
struct ReviewerFence: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.currentUser, user.role == .reviewer else { return try await next.respond(to: request) }
        let today = AsOf.today(request.application.now())
        guard let window = user.reviewerWindow, window.contains(today), let reviewID = user.$review.id,
              let review = try await Review.find(reviewID, on: request.db) else {
            let message = user.reviewerWindow?.refusal(on: today) ?? "Your reviewer access is not set up. Ask the council's performance team."
            if request.hasSession { request.session.destroy() }
            request.storage[CurrentUserKey.self] = nil
            throw Abort(.forbidden, reason: message)
        }
        let components = request.url.path.split(separator: "/").map(String.init)
        guard let match = ReviewerReach.match(method: request.method.rawValue, components: components) else {
            throw Abort(.forbidden, reason: "Your reviewer access covers \"\(review.title)\" and the plan it reviews, read-only.")
        }
        if match.scope == .reviewList { return request.redirect(to: "/reviews/\(reviewID)") }
        guard try await Self.within(match, review: review, request: request) else {
            throw Abort(.notFound)
        }
        return try await next.respond(to: request)
    }

    private static func within(_ match: ReviewerReach.Match, review: Review, request: Request) async throws -> Bool {
        let planID = review.$plan.id, db = request.db
        guard let id = match.id else { return match.scope == .ownAccount }
        switch match.scope {
        case .review:
            return id == review.id
        case .evidence:
            guard let document = try await EvidenceDocument.find(id, on: db) else { return false }
            return document.$review.id == review.id && !document.isWithdrawn
        case .plan:
            return id == planID
        case .activity:
            return try await Activity.find(id, on: db)?.$plan.id == planID
        case .milestone:
            guard let milestone = try await Milestone.find(id, on: db) else { return false }
            if milestone.$plan.id == planID { return true }
            // A follow-up visit checks what became of the first review's recommendations, so its
            // reviewers read the milestones that answer them, in whichever plan they went into.
            return try await RecommendationProgress.followedMilestoneIDs(of: review, on: db).contains(id)
        case .kpi:
            return try await KPI.find(id, on: db)?.$plan.id == planID
        case .closedPeriod:
            // A past view is rebuilt from the audit trail, which is not for reviewers.
            guard request.url.query?.contains("recorded_on") != true, let period = try await PlanReportingPeriod.find(id, on: db) else { return false }
            return period.$plan.id == planID && period.state == .closed && period.closings > 0
        case .reviewList, .ownAccount:
            return true
        }
    }
}
