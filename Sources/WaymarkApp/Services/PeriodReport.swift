import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Everything a Board report for one period says, built from the period's frozen snapshot once it
/// is closed (or from the plan as it stands while it is open, marked as a draft).
struct PeriodReport: Sendable {
    struct AreaRow: Sendable {
        var areaID: Int
        var name: String
        var counts: StatusCounts
        var ruleRating: DeliveryRating?
        var ruleExplanation: String
        var override: (rating: DeliveryRating, justification: String, by: String)?
        var rating: DeliveryRating? { override?.rating ?? ruleRating }
    }

    struct ActivityRow: Sendable {
        var areaName: String
        var number: Int
        /// The activity's reference as the plan writes it, or its number.
        var label: String
        var title: String
        var counts: StatusCounts
    }

    struct Revision: Sendable {
        var ref: String
        var milestone: String
        var leads: String
        var original: String
        var proposed: String
        var reason: String
        var state: DeadlineRevision.State
        var decided: String?
    }

    var planID: Int
    var planTitle: String
    var periodID: Int
    var period: ReportingPeriod
    var isFinal: Bool
    var closing: Int
    var asOf: CalendarDate
    var lines: [SnapshotLine]
    var areas: [AreaRow]
    var activities: [ActivityRow]
    var total: StatusCounts
    var revisions: [Revision]
    var narratives: [Int: PeriodReportService.Narrative]
    var author: String?
    /// The agenda item that presents this report, if one does: board, meeting day and item number.
    var presentedAt: (board: String, day: CalendarDate, item: Int)?
    /// Set when the report shows the plan as it stood at the end of a past day.
    var recordedOn: CalendarDate? = nil
    /// Each KPI's value for the period, area by area.
    var outcomes: [PeriodOutcome] = []
    /// The scheme the figures are in: the one a closed period was closed under, else the plan's.
    var scheme: StatusScheme = .standard
    var rules: DeliveryRatingRules = .standard
    /// The plan's registers: frozen with a closed period, else as they stand on `asOf`.
    var registers: [RegisterSummary] = []
    /// The reviews' recommendations the plan's milestones answer, with those milestones' lines.
    var recommendations: [RecommendationRow] = []

    /// A line's status in the report's scheme; nil for a withdrawn milestone.
    static func status(of line: SnapshotLine, in scheme: StatusScheme) -> StatusScheme.Status? {
        guard let criteria = line.status else { return nil }
        return scheme.status(line.schemeCode) ?? scheme.statuses.first { $0.kind.countedAs == criteria }
    }

    func status(of line: SnapshotLine) -> StatusScheme.Status? { Self.status(of: line, in: scheme) }

    static func build(periodID: Int, today: CalendarDate, recordedOn: CalendarDate? = nil, on db: any Database) async throws -> PeriodReport? {
        guard let record = try await PlanReportingPeriod.find(periodID, on: db), let period = record.period,
              let plan = try await Plan.find(record.$plan.id, on: db) else { return nil }
        return try await build(plan: plan, period: period, record: record, today: today, recordedOn: recordedOn, on: db)
    }

    /// Without a `record` (a period never opened) the report is a draft of the plan as it stands,
    /// with no narrative or overrides, and `periodID` 0.
    ///
    /// With `recordedOn`, the report is rebuilt from the audit trail as the plan stood at the end of
    /// that day, whether or not the period has closed since.
    static func build(plan: Plan, period: ReportingPeriod, record: PlanReportingPeriod?, today: CalendarDate,
                      recordedOn: CalendarDate? = nil, on db: any Database) async throws -> PeriodReport {
        let sql = db.sql
        let planID = try plan.requireID()
        let periodID = record?.id ?? 0
        let isFinal = recordedOn == nil && (record.map { $0.closings > 0 && $0.state == .closed } ?? false)
        let asOf = isFinal ? (record?.snapshotAsOf.flatMap { CalendarDate(iso: $0) } ?? period.end) : min(recordedOn ?? today, period.end)
        let lines = if let recordedOn {
            try await PointInTimeService.lines(planID: planID, at: AsOf.end(of: recordedOn), asOf: asOf, on: db)
        } else if isFinal {
            try await PeriodSnapshot.read(periodID: periodID, closing: record?.closings ?? 0, on: sql)
        } else {
            try await PeriodSnapshot.current(planID: planID, asOf: asOf, on: sql)
        }
        let frozen = isFinal ? record : nil
        let scheme = frozen?.statusSchemeJSON.flatMap { try? JSONDecoder().decode(StatusScheme.self, from: Data($0.utf8)) }
            ?? (isFinal ? .standard : plan.scheme)
        let defaultRules = try await RatingSettings.rules(on: db)
        let rules = frozen?.ragRulesJSON.flatMap { try? JSONDecoder().decode(DeliveryRatingRules.self, from: Data($0.utf8)) }
            ?? plan.ratingRules(default: defaultRules)
        let overrides = try await AreaRatingOverride.query(on: db).filter(\.$period.$id == periodID).all()

        var areas: [AreaRow] = []
        var activities: [ActivityRow] = []
        var total = StatusCounts()
        for line in lines {
            let status = Self.status(of: line, in: scheme)
            total.add(inScheme: status)
            if areas.last?.areaID != line.areaID {
                let override = overrides.first { $0.$area.id == line.areaID }.map { ($0.rating, $0.justification, $0.setBy) }
                areas.append(AreaRow(areaID: line.areaID, name: line.areaName, counts: StatusCounts(), ruleRating: nil, ruleExplanation: "", override: override))
            }
            areas[areas.count - 1].counts.add(inScheme: status)
            if activities.last?.number != line.activityNumber || activities.last?.areaName != line.areaName {
                activities.append(ActivityRow(areaName: line.areaName, number: line.activityNumber, label: line.activityLabel, title: line.activityTitle, counts: StatusCounts()))
            }
            activities[activities.count - 1].counts.add(inScheme: status)
        }
        for index in areas.indices {
            areas[index].ruleRating = rules.rate(areas[index].counts)
            areas[index].ruleExplanation = rules.explanation(areas[index].counts)
        }
        let narratives = try await PeriodNarrative.query(on: db).filter(\.$period.$id == periodID).all()
        var presentedAt: (String, CalendarDate, Int)?
        if let item = try await AgendaItem.query(on: db).filter(\.$period.$id == periodID).with(\.$meeting, { $0.with(\.$board) }).sort(\.$id, .descending).first(),
           let day = CalendarDate(iso: item.meeting.heldOn) {
            presentedAt = (item.meeting.board.name, day, item.position)
        }
        return PeriodReport(planID: planID, planTitle: plan.title, periodID: periodID, period: period, isFinal: isFinal,
                            closing: record?.closings ?? 0, asOf: asOf, lines: lines, areas: areas, activities: activities, total: total,
                            revisions: try await revisions(planID: planID, lines: lines, on: db),
                            narratives: Dictionary(narratives.map { ($0.$area.id, .init(background: $0.background, achievements: $0.achievements, continuing: $0.continuing)) },
                                                   uniquingKeysWith: { first, _ in first }),
                            author: record?.reportAuthor, presentedAt: presentedAt, recordedOn: recordedOn,
                            outcomes: try await PeriodOutcome.load(planID: planID, period: period.label, final: isFinal,
                                                                   at: recordedOn.map(AsOf.end(of:)), on: db),
                            scheme: scheme, rules: rules,
                            registers: isFinal
                                ? try await RegisterReport.frozen(periodID: periodID, closing: record?.closings ?? 0, on: db)
                                : try await RegisterReport.summaries(planID: planID, from: period.start, asOf: asOf, on: db),
                            recommendations: try await recommendations(lines: lines, on: db))
    }

    /// Proposals waiting for the Board, and those decided, for the "revised milestone timescales" table.
    static func revisions(planID: Int, lines: [SnapshotLine], on db: any Database) async throws -> [Revision] {
        let byID = Dictionary(lines.map { ($0.milestoneID, $0) }, uniquingKeysWith: { first, _ in first })
        let found = try await DeadlineRevision.query(on: db).join(Milestone.self, on: \DeadlineRevision.$milestone.$id == \Milestone.$id)
            .filter(Milestone.self, \.$plan.$id == planID).sort(\.$id).all()
        return found.compactMap { revision in
            guard let line = byID[revision.$milestone.id] else { return nil }
            let decided = revision.decidedOn.flatMap { CalendarDate(iso: $0) }.map { "\(revision.state == .agreed ? "Agreed" : "Rejected") \($0.display)\(revision.minuteReference.map { ", minute \($0)" } ?? "")" }
            return Revision(ref: line.ref, milestone: line.title, leads: line.leads, original: line.deadlineText, proposed: revision.proposedText,
                            reason: revision.reason, state: revision.state, decided: decided)
        }
    }
}
