import Fluent
import Foundation

/// A milestone of the action plan that answers a recommendation; the link is read both ways.
final class RecommendationMilestone: Model, @unchecked Sendable {
    static let schema = "recommendation_milestones"

    // managed fields
    @ID(custom: "id") var id: Int?

    // relationships
    @Parent(key: "finding_id") var finding: ReviewFinding
    @Parent(key: "milestone_id") var milestone: Milestone

    init() {}
}
