import Fluent
import Foundation

/// A member of the peer team: a councillor or officer from another council, or from the LGA.
final class PeerMember: Model, @unchecked Sendable {
    static let schema = "peer_members"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "organisation") var organisation: String

    // relationships
    @Parent(key: "review_id") var review: Review
    /// The member's reviewer account, once one is made.
    @OptionalParent(key: "user_id") var user: User?

    init() {}
}
