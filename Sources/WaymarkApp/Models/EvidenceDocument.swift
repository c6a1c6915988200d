import Fluent
import Foundation

/// A document in a review's evidence library, filed under one or more themes. Its file has
/// versions (`EvidenceVersion`); a new one keeps the old. A link to one of Waymark's own pages
/// (the plan dashboard, a closed period's pack) is evidence too, with no file.
final class EvidenceDocument: Model, @unchecked Sendable {
    static let schema = "evidence_documents"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// A path within Waymark, such as `/plans/1`, for a live page given as evidence.
    @OptionalField(key: "link") var link: String?
    /// The number of the file's latest version; 0 for a link.
    @Field(key: "latest_version") var latestVersion: Int
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?
    @OptionalField(key: "withdrawn_by") var withdrawnBy: String?
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    // relationships
    @Parent(key: "review_id") var review: Review

    init() { version = 1 }

    var isWithdrawn: Bool { withdrawnAt != nil }
}
