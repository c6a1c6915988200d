import Fluent
import Foundation
import WaymarkCore

/// A performance officer's rating for an area in one period, in place of the rule's, with the
/// justification the report prints beside it.
final class AreaRatingOverride: Model, @unchecked Sendable {
    static let schema = "area_rating_overrides"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "rating") var rating: DeliveryRating
    @Field(key: "justification") var justification: String
    @Field(key: "set_by") var setBy: String

    // relationships
    @Parent(key: "period_id") var period: PlanReportingPeriod
    @Parent(key: "area_id") var area: Area

    init() {}
}
