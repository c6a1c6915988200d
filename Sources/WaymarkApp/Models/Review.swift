import Fluent
import Foundation
import WaymarkCore

/// An independent review of the plan: an LGA corporate peer challenge, its follow-up visit, or
/// another review, answering (where it does) a requirement of the Directions and its submission.
final class Review: Model, @unchecked Sendable {
    static let schema = "reviews"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "kind") var kind: ReviewKind
    @Field(key: "title") var title: String
    /// The Board paper's introduction: why the review is held.
    @Field(key: "introduction") var introduction: String
    /// When the position statement went to the peer team, due a month before the visit.
    @OptionalField(key: "position_statement_sent_on") var positionStatementSentOn: String?
    /// The day the review closed: its reviewers' accounts are deleted a set time after it.
    @OptionalField(key: "closed_on") var closedOn: String?

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @OptionalParent(key: "direction_id") var direction: Direction?
    @OptionalParent(key: "submission_id") var submission: Submission?
    /// The review a follow-up visit follows.
    @OptionalParent(key: "follows_review_id") var follows: Review?

    init() { version = 1 }
}
