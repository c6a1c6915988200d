import Fluent
import Foundation
import WaymarkCore

/// One reporting period of a plan ("Q3 2017-18"). Closing it freezes a snapshot of every
/// milestone; a reopened period keeps its earlier snapshots and takes a new one when it closes again.
final class PlanReportingPeriod: Model, @unchecked Sendable {
    static let schema = "reporting_periods"

    enum State: String, Codable, Sendable { case open, closed }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "label") var label: String
    @Field(key: "cadence") var cadence: ReportingPeriod.Cadence
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "state") var state: State
    /// How many times it has been closed; snapshots are numbered by closing.
    @Field(key: "closings") var closings: Int
    /// The day the latest snapshot's statuses were worked out for.
    @OptionalField(key: "snapshot_as_of") var snapshotAsOf: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: String?
    /// The scheme (as JSON) and RAG rules the period last closed under; nil for periods closed
    /// before schemes existed, which closed under the standard scheme.
    @OptionalField(key: "status_scheme") var statusSchemeJSON: String?
    @OptionalField(key: "rag_rules") var ragRulesJSON: String?
    /// Printed in the Board report's title block, as the papers give it: name and job title.
    @OptionalField(key: "report_author") var reportAuthor: String?

    // relationships
    @Parent(key: "plan_id") var plan: Plan

    init() {}

    init(planID: Int, period: ReportingPeriod) {
        self.$plan.id = planID
        self.label = period.label
        self.cadence = period.cadence
        self.startsOn = period.start.iso
        self.endsOn = period.end.iso
        self.state = .open
        self.closings = 0
    }

    var period: ReportingPeriod? { if case .success(let period) = ReportingPeriod.parse(label) { period } else { nil } }
}
