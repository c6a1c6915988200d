import Fluent
import Foundation
import WaymarkCore

/// A comparator for a KPI: "Government industry standard 22.38%", with its source and date.
final class KPIBenchmark: Model, @unchecked Sendable {
    static let schema = "kpi_benchmarks"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "source") var source: String
    @Field(key: "value") var value: String
    @OptionalField(key: "as_of") var asOf: String?

    // relationships
    @Parent(key: "kpi_id") var kpi: KPI

    init() {}

    var number: ExactNumber? { ExactNumber(parsing: value) }
}
