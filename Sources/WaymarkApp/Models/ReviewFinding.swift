import Fluent
import Foundation

/// A finding or a recommendation of the peer team, under a theme, drafted and then made final.
/// A recommendation is answered by milestones of an action plan (`RecommendationMilestone`).
final class ReviewFinding: Model, @unchecked Sendable {
    static let schema = "review_findings"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case finding, recommendation
        var label: String { self == .finding ? "Finding" : "Recommendation" }
    }

    enum Stage: String, Codable, CaseIterable, Sendable {
        case draft, final
        var label: String { self == .draft ? "Draft" : "Final" }
    }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "kind") var kind: Kind
    /// Numbered within its kind: recommendation 3.
    @Field(key: "number") var number: Int
    @Field(key: "text") var text: String
    @Field(key: "stage") var stage: Stage

    // relationships
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "theme_id") var theme: ReviewTheme?

    init() { version = 1 }
}
