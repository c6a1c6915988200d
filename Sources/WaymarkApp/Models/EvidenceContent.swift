import Fluent
import Foundation

/// The bytes of one evidence version, apart from its record so that lists never read them.
final class EvidenceContent: Model, @unchecked Sendable {
    static let schema = "evidence_contents"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "bytes") var bytes: Data

    // relationships
    @Parent(key: "version_id") var evidenceVersion: EvidenceVersion

    init() {}
}
