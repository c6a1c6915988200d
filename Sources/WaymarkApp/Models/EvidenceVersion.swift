import Fluent
import Foundation

/// One version of an evidence document's file: who uploaded it, when, and its size and SHA-256,
/// which stay on record after an administrator purges the content.
final class EvidenceVersion: Model, @unchecked Sendable {
    static let schema = "evidence_versions"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "number") var number: Int
    /// The uploader's name for the file, without any folder; offered on download, never a path.
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date
    @OptionalField(key: "purged_at") var purgedAt: Date?
    @OptionalField(key: "purged_by") var purgedBy: String?
    @OptionalField(key: "purge_reason") var purgeReason: String?

    // relationships
    @Parent(key: "document_id") var document: EvidenceDocument

    init() {}
}
