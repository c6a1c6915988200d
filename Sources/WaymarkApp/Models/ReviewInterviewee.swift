import Fluent
import Foundation

/// Someone the peer team interviews: a councillor, an officer or a partner, who must be briefed
/// beforehand.
final class ReviewInterviewee: Model, @unchecked Sendable {
    static let schema = "review_interviewees"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @OptionalField(key: "briefed_on") var briefedOn: String?

    // relationships
    @Parent(key: "review_id") var review: Review

    init() {}
}
