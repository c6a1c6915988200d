import Fluent
import Foundation

/// An interviewee in a session.
final class ReviewSessionInterviewee: Model, @unchecked Sendable {
    static let schema = "review_session_interviewees"

    // managed fields
    @ID(custom: "id") var id: Int?

    // relationships
    @Parent(key: "session_id") var session: ReviewSession
    @Parent(key: "interviewee_id") var interviewee: ReviewInterviewee

    init() {}
}
