import Fluent
import Foundation

/// A comment or challenge on a milestone, from a Board member or the performance team.
final class MilestoneComment: Model, @unchecked Sendable {
    static let schema = "milestone_comments"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "body") var body: String

    // relationships
    @Parent(key: "milestone_id") var milestone: Milestone
    @Parent(key: "author_id") var author: User

    init() {}
}
