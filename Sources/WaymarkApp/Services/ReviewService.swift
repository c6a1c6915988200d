import Fluent
import Foundation
import WaymarkCore

/// Sets up independent reviews: the review itself, its themes and scope questions, its timeline
/// and its peer team. Each write is validated, runs in one transaction and is audited.
struct ReviewService {
    let db: any Database
    let user: User

    struct ReviewInput: Sendable {
        var planID: Int?
        var kind = "", title = "", introduction = ""
        var directionID: Int?, submissionID: Int?, followsReviewID: Int?
    }

    struct PeerInput: Sendable { var name = "", role = "", organisation = "" }

    func allowed() throws {
        guard user.access.may(.manageReviews) else { throw WriteRefusal.forbidden("Only the performance team sets up reviews.") }
    }

    func check(_ text: String, _ limit: TextLimit, label: String, field: String, into errors: inout [FieldError]) {
        if let problem = limit.problem(text, label: label) { errors.append(.init(field: field, message: problem)) }
    }

    func audit(_ action: String, _ entity: String, _ id: Int?, planID: Int?, _ summary: String,
               before: [String: String]? = nil, after: [String: String], on tx: any Database) async throws {
        try await AuditLog.record(.init(actor: AuditLog.actor(user), action: action, entity: entity, entityID: id, planID: planID,
                                        summary: summary, before: before.map(AuditLog.json), after: AuditLog.json(after)), on: tx)
    }

    /// A new review. An LGA peer challenge starts with the LGA's five standard themes and the
    /// standard timeline, undated; a follow-up visit starts with the themes of the review it
    /// follows, so the evidence can be filed the same way.
    func create(_ input: ReviewInput) async throws -> WriteResult<Review> {
        try allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        let kind = ReviewKind(rawValue: input.kind)
        if kind == nil { errors.append(.init(field: "kind", message: "Select the kind of review")) }
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the review's title, such as \"LGA Corporate Peer Challenge 2018\"")) }
        check(title, .title, label: "The review's title", field: "title", into: &errors)
        check(input.introduction, .text, label: "Introduction", field: "introduction", into: &errors)
        if kind == .followUpVisit && input.followsReviewID == nil {
            errors.append(.init(field: "follows_review_id", message: "Select the review this visit follows up"))
        }
        guard errors.isEmpty, let kind, let planID = input.planID else {
            if input.planID == nil { errors.append(.init(field: "plan_id", message: "Select the plan the review looks at")) }
            return .invalid(errors)
        }
        return try await db.writeTransaction { tx in
            guard try await Plan.find(planID, on: tx) != nil else { throw WriteRefusal.notFound("plan") }
            if let id = input.submissionID {
                guard let submission = try await Submission.find(id, on: tx), input.directionID == nil || submission.$direction.id == input.directionID else {
                    return .invalid("submission_id", "Select a submission of the Directions chosen")
                }
            }
            var followed: Review?
            if let id = input.followsReviewID {
                guard let found = try await Review.find(id, on: tx), found.$plan.id == planID else {
                    return .invalid("follows_review_id", "Select a review of the same plan")
                }
                followed = found
            }
            let review = Review()
            review.$plan.id = planID
            review.kind = kind
            review.title = title
            review.introduction = input.introduction.trimmingCharacters(in: .whitespacesAndNewlines)
            review.$direction.id = input.directionID
            review.$submission.id = input.submissionID
            review.$follows.id = followed?.id
            try await review.create(on: tx)
            let reviewID = try review.requireID()
            try await prefill(reviewID, kind: kind, following: followed, on: tx)
            try await audit("review.created", "review", reviewID, planID: planID, "Set up the review \"\(title)\" (\(kind.label))",
                            after: ["kind": kind.rawValue, "title": title], on: tx)
            return .saved(review)
        }
    }

    private func prefill(_ reviewID: Int, kind: ReviewKind, following: Review?, on tx: any Database) async throws {
        var themes: [(ReviewTheme.Kind, String, String, Int?)] = []
        if let following {
            let earlier = try await ReviewTheme.query(on: tx).filter(\.$review.$id == following.requireID()).sort(\.$position).all()
            themes = earlier.map { ($0.kind, $0.title, $0.question, $0.$lead.id) }
        } else if kind == .lgaCorporatePeerChallenge {
            themes = LGAStandardThemes.all.map { (.theme, $0.title, $0.question, nil) }
        }
        for (index, theme) in themes.enumerated() {
            let row = ReviewTheme()
            row.$review.id = reviewID
            (row.kind, row.position, row.title, row.question, row.$lead.id) = (theme.0, index + 1, theme.1, theme.2, theme.3)
            try await row.create(on: tx)
        }
        guard kind == .lgaCorporatePeerChallenge else { return }
        let standard: [ReviewActivityKind] = [.onSiteVisit, .draftReport, .finalSignOff, .submission, .actionPlan, .followUpVisit]
        for (index, activityKind) in standard.enumerated() {
            let row = ReviewActivity()
            row.$review.id = reviewID
            (row.kind, row.position, row.title, row.deadlineText, row.leads) = (activityKind, index + 1, activityKind.label, "TBC", "")
            try await row.create(on: tx)
        }
    }

    func addPeer(reviewID: Int, _ input: PeerInput) async throws -> WriteResult<PeerMember> {
        try allowed()
        var errors: [FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let role = input.role.trimmingCharacters(in: .whitespaces)
        let organisation = input.organisation.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors.append(.init(field: "name", message: "Enter the peer's name")) }
        check(name, .name, label: "Name", field: "name", into: &errors)
        if role.isEmpty { errors.append(.init(field: "role", message: "Enter the peer's role, such as \"Peer Challenge Manager\"")) }
        check(role, .title, label: "Role", field: "role", into: &errors)
        check(organisation, .title, label: "Organisation", field: "organisation", into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            let last = try await PeerMember.query(on: tx).filter(\.$review.$id == reviewID).max(\.$position) ?? 0
            let peer = PeerMember()
            peer.$review.id = reviewID
            (peer.position, peer.name, peer.role, peer.organisation) = (last + 1, name, role, organisation)
            try await peer.create(on: tx)
            try await audit("peer.added", "peer_member", peer.id, planID: review.$plan.id, "Added \(name) to the peer team of \"\(review.title)\"",
                            after: ["name": name, "role": role, "organisation": organisation], on: tx)
            return .saved(peer)
        }
    }
}

extension ReviewService {
    /// Records the day the position statement went to the peer team; blank clears it.
    func recordPositionStatement(reviewID: Int, sentOn text: String, version: Int) async throws -> WriteResult<Review> {
        try allowed()
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let sent = CalendarDate(iso: trimmed)
        if !trimmed.isEmpty && sent == nil { return .invalid("position_statement_sent_on", "The date the position statement was sent must be a real date") }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            guard try await RowGuards.claimVersion("reviews", id: reviewID, version: version, on: tx) else {
                return try await .staleVersion(entity: "review", id: reviewID, version: review.version, on: tx)
            }
            let before = review.positionStatementSentOn ?? ""
            review.positionStatementSentOn = sent?.iso
            review.version = version + 1
            try await review.save(on: tx)
            try await audit("review.position_statement", "review", reviewID, planID: review.$plan.id,
                            sent.map { "Recorded the position statement as sent on \($0.display)" } ?? "Cleared the date the position statement was sent",
                            before: ["position_statement_sent_on": before], after: ["position_statement_sent_on": sent?.iso ?? ""], on: tx)
            return .saved(review)
        }
    }
}

extension ReviewService {
    /// Closes the review on a day (its report is in), or reopens it with a blank day. Its
    /// reviewers' accounts are deleted a set time after it closes (`ReviewRetention`).
    func close(reviewID: Int, on text: String, version: Int) async throws -> WriteResult<Review> {
        try allowed()
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let day = CalendarDate(iso: trimmed)
        if !trimmed.isEmpty && day == nil { return .invalid("closed_on", "The day the review closed must be a real date") }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            guard try await RowGuards.claimVersion("reviews", id: reviewID, version: version, on: tx) else {
                return try await .staleVersion(entity: "review", id: reviewID, version: review.version, on: tx)
            }
            let before = review.closedOn ?? ""
            review.closedOn = day?.iso
            review.version = version + 1
            try await review.save(on: tx)
            try await audit(day == nil ? "review.reopened" : "review.closed", "review", reviewID, planID: review.$plan.id,
                            day.map { "Closed the review \"\(review.title)\" on \($0.display)" } ?? "Reopened the review \"\(review.title)\"",
                            before: ["closed_on": before], after: ["closed_on": day?.iso ?? ""], on: tx)
            return .saved(review)
        }
    }
}
