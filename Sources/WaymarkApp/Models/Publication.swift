import Fluent
import Foundation
import WaymarkCore

/// A closed period published to the public pages. Its number (the id) is its permanent address;
/// its content, frozen as JSON when published, never changes, except that a withdrawal adds a
/// notice. Republishing a reopened and re-closed period makes a new publication.
final class Publication: Model, @unchecked Sendable {
    static let schema = "publications"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "closing") var closing: Int
    @Field(key: "published_at") var publishedAt: Date
    @Field(key: "published_by") var publishedBy: String
    @Field(key: "content") var content: String
    /// A digest of the content, for caches; a withdrawal changes what is served, so it is
    /// combined with the withdrawal when served.
    @Field(key: "etag") var etag: String
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") var withdrawnBy: String?
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "period_id") var period: PlanReportingPeriod

    init() {}

    var decoded: PublicationContent? { try? JSONDecoder().decode(PublicationContent.self, from: Data(content.utf8)) }
}

extension Publication {
    /// Publications without their content, which for a large plan is megabytes: the public pages
    /// read it once per publication, through `PublicServing.Cache.content`.
    static func metadata(on db: any Database) -> QueryBuilder<Publication> {
        Publication.query(on: db).field(\.$id).field(\.$plan.$id).field(\.$period.$id).field(\.$closing).field(\.$publishedAt).field(\.$publishedBy)
            .field(\.$etag).field(\.$withdrawnAt).field(\.$withdrawnBy).field(\.$withdrawnReason)
    }
}
