import Fluent
import Foundation

/// A theme an evidence document is filed under.
final class EvidenceDocumentTheme: Model, @unchecked Sendable {
    static let schema = "evidence_document_themes"

    // managed fields
    @ID(custom: "id") var id: Int?

    // relationships
    @Parent(key: "document_id") var document: EvidenceDocument
    @Parent(key: "theme_id") var theme: ReviewTheme

    init() {}
}
