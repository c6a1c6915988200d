import Fluent
import Foundation
import WaymarkCore

/// Builds what the public sees of a closed period from its frozen Board report, keeping only
/// what may be public: statuses, deadlines, lead officers' names, the areas' narratives, the
/// Board's decisions, and each milestone's commentary only where it was approved for the
/// public. Never a pending proposal, an internal comment, an email address or an account name.
enum PublicationBuilder {
    static func content(_ report: PeriodReport, council: String, on db: any Database) async throws -> PublicationContent {
        let approved = try await PublicCommentary.query(on: db).filter(\.$period.$id == report.periodID).all()
        let publicText = Dictionary(approved.map { ($0.$milestone.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        // Job titles as they stand when published, as a public Board paper would print them.
        let titles = Dictionary(try await Person.query(on: db).all().map { ($0.nameKey, $0.jobTitle ?? "") }, uniquingKeysWith: { a, _ in a })
        var areas: [PublicationContent.Area] = []
        for row in report.areas {
            let lines = report.lines.filter { $0.areaID == row.areaID }
            let narrative = report.narratives[row.areaID]
            areas.append(.init(
                name: row.name, rating: row.rating?.label,
                counts: Dictionary(report.scheme.statuses.map { ($0.code, row.counts[code: $0.code]) }, uniquingKeysWith: { a, _ in a }),
                total: row.counts.active, percentComplete: row.counts.percentComplete ?? 0,
                background: narrative?.background ?? "", achievements: narrative?.achievements ?? "", continuing: narrative?.continuing ?? "",
                milestones: lines.map { line in
                    let withdrawn = line.lifecycle == MilestoneLifecycle.withdrawn.rawValue
                    let status = report.status(of: line)
                    let leads: [String] = line.leads.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    let jobTitles: [String] = leads.map { titles[LeadNames.key($0)] ?? "" }
                    let code: String = withdrawn ? "withdrawn" : status?.code ?? ""
                    let label: String = withdrawn ? "Withdrawn" : status?.short ?? ""
                    let revisedDue: String? = line.revisedDeadlineText == nil ? nil : line.revisedDueDate
                    return PublicationContent.Milestone(
                        ref: line.ref, activity: "\(line.activityLabel). \(line.activityTitle)", title: line.title, leads: leads,
                        deadline: line.deadlineText, dueDate: line.dueDate, revisedDeadline: line.revisedDeadlineText, status: code, statusLabel: label,
                        commentary: publicText[line.milestoneID], leadJobTitles: jobTitles, revisedDueDate: revisedDue)
                }))
        }
        let items = try await AgendaItem.query(on: db).filter(\.$period.$id == report.periodID).all()
        let decisions = items.compactMap { item -> PublicationContent.Decision? in
            guard let decision = item.decision, let minute = item.minuteReference else { return nil }
            return .init(item: item.title, decision: decision, minute: minute)
        }
        // Only KPIs marked for publication, and only values signed off (a final report already
        // holds back any value still provisional).
        let published = Set(try await KPI.query(on: db).filter(\.$plan.$id == report.planID).filter(\.$published == true).all().map(\.name))
        let outcomes = report.outcomes.filter { published.contains($0.kpi) && !$0.awaitingSignOff }.map { o in
            PublicationContent.Outcome(area: o.area, kpi: o.kpi, value: o.value.flatMap { o.shown($0) }, target: o.target.flatMap { o.shown($0) },
                                       rating: o.rating.rawValue, ratingLabel: o.rating.label, direction: o.direction == .none ? "" : o.direction.label, benchmark: o.benchmark)
        }
        // Direction of travel against the quarter before this one, as it stands published: a
        // republished quarter compares with the one before it, never with its own earlier issue.
        let earlier = try await previousPublication(planID: report.planID, before: report.period.start, on: db)
        for index in areas.indices {
            let before = earlier?.areas.first { $0.name == areas[index].name }?.percentComplete
            areas[index].direction = PublicDirection.of(areas[index].percentComplete, since: before)
        }
        let c = report.total
        let scheme = report.scheme
        let summary = "As at \(report.asOf.display), \(c.percentCompletedOrOnTarget ?? 0)% of the \(c.active) active milestones are \(scheme.goodWords) (\(c.completed + c.onTarget) of \(c.active)), and \(c.percentDelayedOrOverdue ?? 0)% are \(scheme.lateWords)."
        return PublicationContent(council: council, planTitle: report.planTitle, period: report.period.label, months: report.period.months,
                                  asOf: report.asOf.iso, summary: summary, areas: areas, decisions: decisions, outcomes: outcomes,
                                  scheme: scheme.isStandard ? nil : scheme)
    }

    /// The plan's latest standing publication of a period that starts before `start`.
    static func previousPublication(planID: Int, before start: CalendarDate, on db: any Database) async throws -> PublicationContent? {
        try await Publication.query(on: db)
            .join(PlanReportingPeriod.self, on: \Publication.$period.$id == \PlanReportingPeriod.$id)
            .filter(\.$plan.$id == planID).filter(\.$withdrawnAt == nil)
            .filter(PlanReportingPeriod.self, \.$startsOn < start.iso)
            .sort(PlanReportingPeriod.self, \.$startsOn, .descending).sort(\.$id, .descending)
            .first()?.decoded
    }
}
