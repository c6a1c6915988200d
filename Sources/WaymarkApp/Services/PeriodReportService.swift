import Fluent
import Foundation
import WaymarkCore

/// What the performance team writes into a period's Board report: the author line, each area's
/// narrative, and any rating override. Kept with the period; changed only while it is open,
/// except overrides, which the Board may ask for after seeing the frozen figures.
struct PeriodReportService {
    let db: any Database
    let user: User

    struct Narrative: Sendable {
        var background = "", achievements = "", continuing = ""
    }

    /// The three sections of an area's narrative, in the report's words.
    static let sectionNames = ["Background", "Key achievements", "Areas where work continues to progress"]

    /// An area whose narrative has nothing written in one or more sections.
    struct MissingNarrative: Sendable, Equatable {
        var area: String
        var sections: [String]
    }

    /// The period's areas, in the plan's order, with a narrative section left empty; closing the
    /// period freezes them so, and the pack then prints nothing under those headings.
    static func missingNarrative(periodID: Int, planID: Int, on db: any Database) async throws -> [MissingNarrative] {
        let areas = try await Area.query(on: db).filter(\.$plan.$id == planID).sort(\.$position).sort(\.$id).all()
        let written = Dictionary(try await PeriodNarrative.query(on: db).filter(\.$period.$id == periodID).all().map { ($0.$area.id, $0) },
                                 uniquingKeysWith: { first, _ in first })
        return areas.compactMap { area -> MissingNarrative? in
            let text = written[area.id ?? 0]
            let sections = [text?.background, text?.achievements, text?.continuing]
            let empty = zip(sectionNames, sections).filter { ($0.1 ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.0)
            return empty.isEmpty ? nil : MissingNarrative(area: area.name, sections: empty)
        }
    }

    private func openPeriod(_ periodID: Int, on tx: any Database) async throws -> PlanReportingPeriod {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden() }
        // Takes turns with closing: a narrative saved as the period closes lands before or not at all.
        guard try await RowGuards.lock("reporting_periods", id: periodID, on: tx),
              let period = try await PlanReportingPeriod.find(periodID, on: tx) else { throw WriteRefusal.notFound("reporting period") }
        return period
    }

    func saveNarrative(periodID: Int, areaID: Int, _ narrative: Narrative, author: String) async throws -> WriteResult<Void> {
        let fields = [("background", narrative.background), ("achievements", narrative.achievements), ("continuing", narrative.continuing)]
        let errors = fields.filter { $0.1.count > 20_000 }.map { FieldError(field: $0.0, message: "Each section must be 20,000 characters or fewer") }
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            let period = try await openPeriod(periodID, on: tx)
            guard period.state == .open else {
                return .invalid([FieldError(field: "background", message: "\(period.label) is closed; an administrator must reopen it to change its report")])
            }
            guard let area = try await Area.find(areaID, on: tx), area.$plan.id == period.$plan.id else { throw WriteRefusal.notFound("area in this plan") }
            let existing = try await PeriodNarrative.query(on: tx).filter(\.$period.$id == periodID).filter(\.$area.$id == areaID).first()
            let record = existing ?? PeriodNarrative()
            let before = ["background": record.$background.value ?? "", "achievements": record.$achievements.value ?? "", "continuing": record.$continuing.value ?? ""]
            record.$period.id = periodID
            record.$area.id = areaID
            record.background = narrative.background.trimmingCharacters(in: .whitespacesAndNewlines)
            record.achievements = narrative.achievements.trimmingCharacters(in: .whitespacesAndNewlines)
            record.continuing = narrative.continuing.trimmingCharacters(in: .whitespacesAndNewlines)
            record.updatedBy = AuditLog.actor(user)
            try await record.save(on: tx)
            let authorLine = author.trimmingCharacters(in: .whitespacesAndNewlines)
            if !authorLine.isEmpty, authorLine != period.reportAuthor {
                period.reportAuthor = authorLine
                try await period.save(on: tx)
            }
            try await PlanDataVersion.bump(period.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "period.narrative_saved", entity: "reporting_period", entityID: periodID, planID: period.$plan.id,
                summary: "Saved the \(period.label) narrative for \(area.name)", before: AuditLog.json(before),
                after: AuditLog.json(["background": record.background, "achievements": record.achievements, "continuing": record.continuing])), on: tx)
            return .saved
        }
    }

    /// The title block's author line; like the narrative, only while the period is open.
    func setAuthor(periodID: Int, author: String) async throws -> WriteResult<Void> {
        try await db.writeTransaction { tx in
            let period = try await openPeriod(periodID, on: tx)
            guard period.state == .open else {
                return .invalid("author", "\(period.label) is closed; an administrator must reopen it to change its report.")
            }
            let before = period.reportAuthor ?? ""
            period.reportAuthor = author.trimmingCharacters(in: .whitespacesAndNewlines)
            try await period.save(on: tx)
            try await PlanDataVersion.bump(period.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "period.author_set", entity: "reporting_period", entityID: periodID,
                                            planID: period.$plan.id, summary: "Set the \(period.label) report author to \(period.reportAuthor ?? "")",
                                            before: AuditLog.json(["author": before]), after: AuditLog.json(["author": period.reportAuthor ?? ""])), on: tx)
            return .saved
        }
    }

    func overrideRating(periodID: Int, areaID: Int, rating: String, justification: String) async throws -> WriteResult<Void> {
        var errors: [FieldError] = []
        let chosen = DeliveryRating(rawValue: rating)
        if chosen == nil && !rating.isEmpty { errors.append(.init(field: "rating", message: "Select GREEN, AMBER or RED, or the rule's rating")) }
        let reason = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        if chosen != nil && reason.isEmpty { errors.append(.init(field: "justification", message: "Enter the justification the report will show for overriding the rating")) }
        if let long = TextLimit.text.problem(reason, label: "Justification") { errors.append(.init(field: "justification", message: long)) }
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            let period = try await openPeriod(periodID, on: tx)
            // A closed period's report is what the Board received: its ratings are frozen with it.
            guard period.state == .open else {
                return .invalid("rating", "\(period.label) is closed; an administrator must reopen it to change its ratings")
            }
            guard let area = try await Area.find(areaID, on: tx), area.$plan.id == period.$plan.id else { throw WriteRefusal.notFound("area in this plan") }
            let existing = try await AreaRatingOverride.query(on: tx).filter(\.$period.$id == periodID).filter(\.$area.$id == areaID).first()
            let before = ["rating": existing?.rating.rawValue ?? "rule", "justification": existing?.justification ?? ""]
            if let chosen {
                let record = existing ?? AreaRatingOverride()
                record.$period.id = periodID
                record.$area.id = areaID
                record.rating = chosen
                record.justification = reason
                record.setBy = AuditLog.actor(user)
                try await record.save(on: tx)
            } else if let existing {
                try await existing.delete(on: tx)
            }
            try await PlanDataVersion.bump(period.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: AuditLog.actor(user), action: "period.rating_overridden", entity: "reporting_period", entityID: periodID, planID: period.$plan.id,
                summary: chosen.map { "Rated \(area.name) \($0.label) for \(period.label): \(reason)" } ?? "Returned \(area.name) to the rule's rating for \(period.label)",
                before: AuditLog.json(before), after: AuditLog.json(["rating": chosen?.rawValue ?? "rule", "justification": reason])), on: tx)
            return .saved
        }
    }
}
