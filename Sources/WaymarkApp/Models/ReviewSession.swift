import Fluent
import Foundation

/// An interview session on site: a day, a time, a room, and who attends. The peers and
/// interviewees are in `ReviewSessionPeer` and `ReviewSessionInterviewee`.
final class ReviewSession: Model, @unchecked Sendable {
    static let schema = "review_sessions"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "day") var day: String
    /// Minutes since midnight.
    @Field(key: "starts") var starts: Int
    @Field(key: "ends") var ends: Int
    @Field(key: "title") var title: String

    // relationships
    @Parent(key: "review_id") var review: Review
    @Parent(key: "room_id") var room: ReviewRoom
    @OptionalParent(key: "theme_id") var theme: ReviewTheme?

    init() {}
}
