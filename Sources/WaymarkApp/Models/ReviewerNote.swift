import Fluent
import Foundation

/// A reviewer's note on an evidence document, seen by its writer alone: the peer team's working
/// notes are theirs, not the council's.
final class ReviewerNote: Model, @unchecked Sendable {
    static let schema = "reviewer_notes"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "text") var text: String
    @Field(key: "written_at") var writtenAt: Date

    // relationships
    @Parent(key: "user_id") var user: User
    @Parent(key: "document_id") var document: EvidenceDocument

    init() {}
}
