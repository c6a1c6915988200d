import Fluent
import Foundation

/// A reviewer's view or download of an evidence document, so the performance team sees who
/// read what.
final class EvidenceRead: Model, @unchecked Sendable {
    static let schema = "evidence_reads"

    enum Action: String, Codable, Sendable {
        case viewed, downloaded
    }

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @OptionalField(key: "version_number") var versionNumber: Int?
    /// The reader's name as it was, kept when the account is later deleted.
    @Field(key: "reader") var reader: String
    @Field(key: "action") var action: Action
    @Field(key: "at") var at: Date

    // relationships
    @Parent(key: "document_id") var document: EvidenceDocument
    @OptionalParent(key: "user_id") var user: User?

    init() {}
}
