import Fluent
import Foundation
import WaymarkCore

/// The steps of starting a successor plan, each inside the caller's transaction.
extension SuccessorPlanService {
    /// The new plan reports as the old one did: same scheme, thresholds and cadence.
    static func createPlan(from old: Plan, title: String, period: String?, on tx: any Database) async throws -> Plan {
        let new = Plan(title: title, periodLabel: period, state: .active)
        new.statusScheme = old.statusScheme
        (new.ragGreenMinimum, new.ragRedAbove) = (old.ragGreenMinimum, old.ragRedAbove)
        new.reportingCadence = old.reportingCadence
        new.successorOf = try old.requireID()
        try await new.create(on: tx)
        return new
    }

    /// Copies the carried milestones with the areas and activities they sit in (only those), and
    /// returns the origins' ids in the order they were copied. Deadlines, forecasts, revised
    /// deadlines, decided statuses, references and leads go with each milestone; progress
    /// updates, comments and reported statuses stay with the origin, which its copy links to.
    static func copy(_ carried: [Milestone], into planID: Int, on tx: any Database) async throws -> [Int] {
        guard !carried.isEmpty else { return [] }
        let activities = try await Activity.query(on: tx).filter(\.$id ~~ Set(carried.map(\.$activity.id))).all()
        let areas = try await Area.query(on: tx).filter(\.$id ~~ Set(activities.map(\.$area.id))).all()
        var newArea: [Int: Int] = [:]
        for area in areas.sorted(by: { ($0.position, $0.id ?? 0) < ($1.position, $1.id ?? 0) }) {
            let copy = Area(planID: planID, name: area.name, position: area.position)
            try await copy.create(on: tx)
            newArea[try area.requireID()] = try copy.requireID()
        }
        var newActivity: [Int: Int] = [:]
        for activity in activities.sorted(by: { ($0.number, $0.id ?? 0) < ($1.number, $1.id ?? 0) }) {
            guard let areaID = newArea[activity.$area.id] else { continue }
            let copy = Activity(planID: planID, areaID: areaID, number: activity.number, title: activity.title)
            copy.reference = activity.reference
            try await copy.create(on: tx)
            newActivity[try activity.requireID()] = try copy.requireID()
        }
        let number = Dictionary(activities.map { ($0.id ?? 0, $0.number) }, uniquingKeysWith: { a, _ in a })
        let ordered = carried.sorted { (number[$0.$activity.id] ?? 0, $0.position, $0.id ?? 0) < (number[$1.$activity.id] ?? 0, $1.position, $1.id ?? 0) }
        let leads = try await MilestoneLead.query(on: tx).filter(\.$milestone.$id ~~ Set(carried.compactMap(\.id))).sort(\.$position).all()
        var origins: [Int] = []
        for origin in ordered {
            guard let activityID = newActivity[origin.$activity.id] else { continue }
            let originID = try origin.requireID()
            let copy = Self.milestone(copying: origin, planID: planID, activityID: activityID)
            try await copy.create(on: tx)
            for lead in leads where lead.$milestone.id == originID {
                let link = MilestoneLead()
                link.$milestone.id = try copy.requireID()
                link.$person.id = lead.$person.id
                link.position = lead.position
                try await link.create(on: tx)
            }
            origins.append(originID)
        }
        return origins
    }

    private static func milestone(copying origin: Milestone, planID: Int, activityID: Int) -> Milestone {
        let m = Milestone()
        m.$plan.id = planID
        m.$activity.id = activityID
        m.version = 1
        m.position = origin.position
        m.title = origin.title
        (m.deadlineText, m.deadlineKind, m.earliestStart, m.dueDate, m.checkpoints) =
            (origin.deadlineText, origin.deadlineKind, origin.earliestStart, origin.dueDate, origin.checkpoints)
        m.forecastDate = origin.forecastDate
        m.completedDate = nil
        m.lifecycle = .active
        (m.revisedDeadlineText, m.revisedDueDate, m.revisionCount) = (origin.revisedDeadlineText, origin.revisedDueDate, origin.revisionCount)
        (m.decidedStatus, m.decidedReason, m.decidedOn, m.decidedBy) = (origin.decidedStatus, origin.decidedReason, origin.decidedOn, origin.decidedBy)
        m.reference = origin.reference
        m.carriedFrom = origin.id
        return m
    }

    /// The old plan's figures on the closing day, per area and in total, with what went forward.
    static func freeze(_ plan: Plan, closingOn: CalendarDate, carried: [Milestone], successor: Plan, on tx: any Database) async throws -> FinalFigures {
        let report = try await PlanStatusService.report(for: plan, asOf: closingOn, on: tx)
        let activityArea = Dictionary(report.activities.compactMap { row in row.activityID.map { ($0, row.areaID ?? 0) } }, uniquingKeysWith: { a, _ in a })
        var carriedByArea: [Int: Int] = [:]
        for milestone in carried { carriedByArea[activityArea[milestone.$activity.id] ?? 0, default: 0] += 1 }
        let areas = report.areas.map { row in
            FinalFigures.AreaFigures(name: row.name, completed: row.counts.completed, active: row.counts.active, withdrawn: row.counts.withdrawn,
                                     carriedForward: carriedByArea[row.areaID ?? 0] ?? 0)
        }
        let total = report.total.counts
        let leftOpen = max(0, total.active - total.completed - carried.count)
        let sentence = FinalFigures.sentence(active: total.active, completed: total.completed, carried: carried.count, leftOpen: leftOpen,
                                             withdrawn: total.withdrawn, successor: successor.title)
        return FinalFigures(closedOn: closingOn.iso, scheme: report.scheme, completed: total.completed, active: total.active, withdrawn: total.withdrawn,
                            carriedForward: carried.count, leftOpen: leftOpen, statuses: total.byCode, areas: areas,
                            successorID: try successor.requireID(), successorTitle: successor.title, sentence: sentence)
    }
}
