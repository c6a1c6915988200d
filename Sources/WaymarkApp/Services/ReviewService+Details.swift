import Fluent
import Foundation
import WaymarkCore

extension ReviewService {
    /// What may change about a review once it is set up. Its plan, kind and the review it follows
    /// stay as made: the themes, timeline and evidence were set up for them.
    struct DetailsInput: Sendable {
        var title = "", introduction = ""
        var submissionID: Int?
        var version = 0
    }

    /// Changes the review's title, introduction or the submission to the Secretary of State it
    /// answers (and so its Direction), if nobody has changed the review since `input.version`.
    func updateDetails(reviewID: Int, _ input: DetailsInput) async throws -> WriteResult<Review> {
        try allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        let introduction = input.introduction.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the review's title, such as \"LGA Corporate Peer Challenge 2018\"")) }
        check(title, .title, label: "The review's title", field: "title", into: &errors)
        check(introduction, .text, label: "Introduction", field: "introduction", into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            // Clearing the submission unlinks the Direction it came with; a review set up with a
            // Direction and no submission at all keeps its Direction.
            var directionID = input.submissionID == nil && review.$submission.id == nil ? review.$direction.id : nil
            if let id = input.submissionID {
                guard let submission = try await Submission.find(id, on: tx) else { return .invalid("submission_id", "Select one of the submissions listed") }
                directionID = submission.$direction.id
            }
            guard try await RowGuards.claimVersion("reviews", id: reviewID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "review", id: reviewID, version: review.version, on: tx)
            }
            let before = Self.describe(review)
            // The action plan and activity its recommendations went into are found by the
            // review's title, so they are renamed with it.
            if review.title != title, let refused = try await Self.renameActionPlan(from: review.title, to: title, on: tx) { return .invalid("title", refused) }
            (review.title, review.introduction, review.$submission.id, review.$direction.id) = (title, introduction, input.submissionID, directionID)
            review.version = input.version + 1
            try await review.save(on: tx)
            try await audit("review.changed", "review", reviewID, planID: review.$plan.id, "Changed the details of the review \"\(title)\"",
                            before: before, after: Self.describe(review), on: tx)
            return .saved(review)
        }
    }

    private static func describe(_ review: Review) -> [String: String] {
        ["title": review.title, "introduction": review.introduction, "submission_id": review.$submission.id.map(String.init) ?? "",
         "direction_id": review.$direction.id.map(String.init) ?? ""]
    }

    /// Renames "<old> action plan" and its "Recommendations of the <old>" activities; a message
    /// when another plan already has the new name, and nothing is changed.
    static func renameActionPlan(from old: String, to new: String, on tx: any Database) async throws -> String? {
        let newPlanTitle = "\(new) action plan"
        guard let plan = try await Plan.query(on: tx).filter(\.$title == "\(old) action plan").first() else { return nil }
        if try await Plan.query(on: tx).filter(\.$title == newPlanTitle).first() != nil {
            return "A plan is already called \"\(newPlanTitle)\", so this review's action plan cannot take that name; choose another title"
        }
        plan.title = newPlanTitle
        try await plan.save(on: tx)
        let planID = try plan.requireID()
        for activity in try await Activity.query(on: tx).filter(\.$title == "Recommendations of the \(old)").all() {
            activity.title = "Recommendations of the \(new)"
            try await activity.save(on: tx)
        }
        try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
        return nil
    }
}
