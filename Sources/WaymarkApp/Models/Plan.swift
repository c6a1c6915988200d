import Fluent
import Foundation
import WaymarkCore

final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    enum State: String, Codable, CaseIterable, Sendable {
        case draft, active, closed
    }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "title") var title: String
    /// As the council writes it, such as "2017-18".
    @OptionalField(key: "period_label") var periodLabel: String?
    @OptionalField(key: "period_start") var periodStart: String?
    @OptionalField(key: "period_end") var periodEnd: String?
    @Field(key: "state") var state: State
    /// Bumped by every write to the plan; see `PlanDataVersion`.
    @Field(key: "data_version") var dataVersion: Int
    @Field(key: "reporting_cadence") var reportingCadence: ReportingPeriod.Cadence
    /// The code of the plan's status scheme; see `Plan+Scheme.swift`.
    @Field(key: "status_scheme") var statusScheme: String
    /// A scheme an administrator defined, as JSON; nil for a built-in scheme.
    @OptionalField(key: "status_scheme_definition") var statusSchemeDefinition: String?
    /// The plan's RAG thresholds; nil keeps the default setting.
    @OptionalField(key: "rag_green_minimum") var ragGreenMinimum: Int?
    @OptionalField(key: "rag_red_above") var ragRedAbove: Int?
    /// Moved on by each change to the plan's settings, so two edits from one form cannot both land.
    @Field(key: "settings_version") var settingsVersion: Int
    /// The plan this one continues; see `SuccessorPlanService`.
    @OptionalField(key: "successor_of") var successorOf: Int?
    /// The day a closed plan's final figures were frozen for (ISO), and those figures as JSON
    /// (`FinalFigures`), so later edits to its milestones never change what it delivered.
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "final_figures") var finalFigures: String?

    // relationships
    @Children(for: \.$plan) var areas: [Area]

    init() {}

    init(title: String, periodLabel: String? = nil, periodStart: String? = nil, periodEnd: String? = nil, state: State = .active) {
        self.title = title
        self.periodLabel = periodLabel
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.state = state
        self.dataVersion = 0
        self.reportingCadence = .quarterly
        self.statusScheme = StatusScheme.standard.code
        self.settingsVersion = 0
    }
}
