import WaymarkAPI
import WaymarkCore

// The API's bodies, as openapi.yaml describes them, from what the services work out. Every
// field is set here by name, so a field the document adds, renames or retypes fails to compile
// until it is given.

extension Components.Schemas.PlanSummary {
    init(_ summary: PlanSummary) throws {
        self.init(activities: summary.activities, areas: summary.areas, id: summary.id, milestones: summary.milestones, period: summary.period,
                  periodEnd: summary.periodEnd, periodStart: summary.periodStart, state: try documented(summary.state), title: summary.title)
    }
}

extension Components.Schemas.PlanStatusReport {
    init(_ report: PlanStatusReport) throws {
        self.init(activities: report.activities.map(Components.Schemas.StatusRow.init), areas: report.areas.map(Components.Schemas.StatusRow.init),
                  asOf: report.asOf, planId: report.planID, planTitle: report.planTitle, scheme: report.scheme,
                  statuses: try report.statuses.map { .init(code: $0.code, kind: try documented($0.kind), name: $0.name, short: $0.short) },
                  summary: report.summary, total: .init(report.total))
    }
}

extension Components.Schemas.StatusRow {
    init(_ row: StatusRow) {
        let counts = row.counts
        self.init(active: counts.active, activityId: row.activityID, activityNumber: row.activityNumber, areaId: row.areaID, byDecision: counts.decided,
                  completed: counts.completed, delayed: counts.delayed, name: row.name, onTarget: counts.onTarget, overdue: counts.overdue,
                  percentComplete: row.percentComplete, percentCompletedOrOnTarget: row.percentCompletedOrOnTarget,
                  statuses: .init(additionalProperties: Dictionary(uniqueKeysWithValues: row.schemeCodes.map { ($0, counts[code: $0]) })),
                  withdrawn: counts.withdrawn)
    }
}

extension Components.Schemas.Milestone {
    init(_ listing: MilestoneListing) throws {
        self.init(activity: listing.activity, activityId: listing.activityID, activityNumber: listing.activityNumber, activityRef: listing.activityRef,
                  area: listing.area, areaId: listing.areaID, completed: listing.completed, deadline: listing.deadline,
                  deadlineKind: try documented(listing.deadlineKind), due: listing.due, forecast: listing.forecast, id: listing.id,
                  leadIds: listing.leadIDs, leads: listing.leads, lifecycle: try documented(listing.lifecycle), ref: listing.ref,
                  reportedLabel: listing.reportedLabel, reportedOn: listing.reportedOn, reportedStatus: listing.reportedStatus,
                  schemeStatus: listing.schemeStatus, status: try documented(listing.status), statusColour: listing.statusColour,
                  statusExplanation: listing.statusExplanation, statusKind: listing.statusKind, statusLabel: listing.statusLabel, title: listing.title)
    }
}

extension Components.Schemas.Kpi {
    init(_ row: KPIReport.Row) throws {
        self.init(area: row.area, benchmarks: row.benchmarks.map { .init(asOf: $0.asOf, source: $0.source, value: $0.value) },
                  current: try row.current.map(Components.Schemas.KPIPoint.init), frequency: try documented(row.frequency.rawValue),
                  id: row.id, name: row.name, owner: row.owner, polarity: try documented(row.polarity.rawValue), unit: try documented(row.unit.rawValue),
                  values: try row.values.map(Components.Schemas.KPIPoint.init))
    }
}

extension Components.Schemas.KPIPoint {
    init(_ point: KPIReport.Point) throws {
        self.init(commentary: point.commentary, direction: try documented(point.direction.rawValue), period: point.period, provisional: point.provisional,
                  rating: try documented(point.rating.rawValue), target: point.target, value: point.value)
    }
}
