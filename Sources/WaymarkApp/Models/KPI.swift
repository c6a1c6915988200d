import Fluent
import Foundation
import WaymarkCore

/// A measurable outcome of a plan, optionally of one of its areas.
final class KPI: Model, @unchecked Sendable {
    static let schema = "kpis"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "name") var name: String
    /// Lower-cased, so an import names the same KPI whatever its capitals.
    @Field(key: "name_key") var nameKey: String
    @OptionalField(key: "description") var details: String?
    @Field(key: "unit") var unit: KPIUnit
    @Field(key: "polarity") var polarity: KPIPolarity
    @Field(key: "frequency") var frequency: KPIFrequency
    @Field(key: "roll_up") var rollUp: KPIRollUp
    @OptionalField(key: "data_source") var dataSource: String?
    /// As written: "10%" or "500".
    @Field(key: "tolerance") var tolerance: String
    @Field(key: "band") var band: String
    @Field(key: "published") var published: Bool

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @OptionalParent(key: "area_id") var area: Area?
    @OptionalParent(key: "owner_id") var owner: Person?

    init() {}

    var toleranceRule: KPITolerance { KPITolerance(parsing: tolerance) ?? .none }
    var bandRule: KPITolerance { KPITolerance(parsing: band) ?? .none }
}
