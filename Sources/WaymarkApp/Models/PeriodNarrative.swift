import Fluent
import Foundation

/// An area's narrative for one period's Board report, in the sections the papers use.
final class PeriodNarrative: Model, @unchecked Sendable {
    static let schema = "period_narratives"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "background") var background: String
    @Field(key: "achievements") var achievements: String
    @Field(key: "continuing") var continuing: String
    @Field(key: "updated_by") var updatedBy: String

    // relationships
    @Parent(key: "period_id") var period: PlanReportingPeriod
    @Parent(key: "area_id") var area: Area

    init() {}
}
