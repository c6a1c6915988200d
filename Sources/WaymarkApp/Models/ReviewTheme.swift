import Fluent
import Foundation

/// One of a review's themes (the LGA's standard five, or the council's own), or one of the scope
/// questions the council agreed with the LGA. A theme has a corporate lead and may cover areas
/// of the plan.
final class ReviewTheme: Model, @unchecked Sendable {
    static let schema = "review_themes"

    enum Kind: String, Codable, Sendable {
        case theme
        case scopeQuestion = "scope_question"
    }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "kind") var kind: Kind
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "question") var question: String

    // relationships
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "lead_person_id") var lead: Person?

    init() { version = 1 }
}
