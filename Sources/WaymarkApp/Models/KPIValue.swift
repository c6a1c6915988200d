import Fluent
import Foundation
import WaymarkCore

/// A KPI's value, target and tolerance for one period: a month for a monthly KPI, otherwise a
/// reporting period's label.
final class KPIValue: Model, @unchecked Sendable {
    static let schema = "kpi_values"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "period") var period: String
    /// Exact decimal text, such as "40.5"; nil when there is none for the period yet.
    @OptionalField(key: "value") var value: String?
    @OptionalField(key: "target") var target: String?
    /// Nil: the KPI's own tolerance.
    @OptionalField(key: "tolerance") var tolerance: String?
    @Field(key: "commentary") var commentary: String
    /// Not yet signed off by a performance officer; never published or put in a frozen pack.
    @Field(key: "provisional") var provisional: Bool
    @OptionalField(key: "signed_off_by") var signedOffBy: String?
    @OptionalField(key: "signed_off_at") var signedOffAt: Double?
    /// JSON of the thresholds in force when the period closed.
    @OptionalField(key: "frozen") var frozen: String?

    // relationships
    @Parent(key: "kpi_id") var kpi: KPI

    init() {}

    var number: ExactNumber? { value.flatMap(ExactNumber.init(parsing:)) }
    var targetNumber: ExactNumber? { target.flatMap(ExactNumber.init(parsing:)) }
}
