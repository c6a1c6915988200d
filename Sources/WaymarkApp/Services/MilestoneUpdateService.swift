import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Records progress on a milestone: commentary, a forecast or a completion date, and perhaps a
/// proposed revised deadline for the Board. Validates, checks the version the author saw, writes
/// in one transaction and leaves an audit record with the values before and after.
struct MilestoneUpdateService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var commentary: String = ""
        var forecast: String = ""
        var completed: String = ""
        var proposedDeadline: String = ""
        var proposedReason: String = ""
        /// The milestone's version when the form was opened.
        var version: Int = 0
    }

    struct Validated: Sendable {
        var commentary: String
        var forecast: CalendarDate?
        var completed: CalendarDate?
        var proposal: (deadline: Deadline, reason: String)?
    }

    static func validate(_ input: Input, today: CalendarDate) -> (Validated?, [FieldError]) {
        var errors: [FieldError] = []
        let commentary = input.commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        if commentary.isEmpty { errors.append(.init(field: "commentary", message: "Enter a progress commentary")) }
        if let long = TextLimit.text.problem(commentary, label: "Progress commentary") { errors.append(.init(field: "commentary", message: long)) }
        let forecast = date(input.forecast, field: "forecast", label: "Forecast completion date", errors: &errors)
        let completed = date(input.completed, field: "completed", label: "Date completed", errors: &errors)
        if let completed, completed > today {
            errors.append(.init(field: "completed", message: "Date completed must be today or in the past"))
        }
        if forecast != nil && completed != nil {
            errors.append(.init(field: "forecast", message: "Give a forecast completion date or the date it was completed, not both"))
        }
        var proposal: (Deadline, String)?
        let proposed = input.proposedDeadline.trimmingCharacters(in: .whitespaces)
        let reason = input.proposedReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if let long = TextLimit.short.problem(proposed, label: "Proposed revised deadline") {
            return (nil, errors + [.init(field: "proposed_deadline", message: long)])
        }
        if let long = TextLimit.text.problem(reason, label: "Reason for the revised deadline") {
            errors.append(.init(field: "proposed_reason", message: long))
        }
        if !proposed.isEmpty {
            do {
                proposal = (try DeadlineParser.parse(proposed), reason)
                if reason.isEmpty { errors.append(.init(field: "proposed_reason", message: "Enter the reason for the proposed revised deadline")) }
            } catch {
                errors.append(.init(field: "proposed_deadline", message: "Proposed revised deadline: \(error.reason)"))
            }
        } else if !reason.isEmpty {
            errors.append(.init(field: "proposed_deadline", message: "Enter the proposed revised deadline, or remove the reason"))
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (Validated(commentary: commentary, forecast: forecast, completed: completed, proposal: proposal), [])
    }

    /// The status the milestone would have on `today` once this update is saved.
    static func preview(_ milestone: Milestone, _ update: Validated, today: CalendarDate) -> StatusAssessment {
        StatusRules.assess(MilestoneFacts(deadline: milestone.deadline, forecast: update.completed == nil ? update.forecast : nil,
                                          completedOn: update.completed), asOf: today)
    }

    func save(milestoneID: Int, input: Input, today: CalendarDate) async throws -> WriteResult<Int> {
        let (validated, errors) = Self.validate(input, today: today)
        guard let update = validated else { return .invalid(errors) }
        let userID = try user.requireID()
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            // The version moves first, in the database, so of several saves made from the same
            // form exactly one gets through; the others find it moved and change nothing.
            let claimed = try await RowGuards.claimVersion("milestones", id: milestoneID, version: input.version, on: tx)
            guard let milestone = try await Milestone.find(milestoneID, on: tx) else { throw WriteRefusal.notFound("milestone") }
            guard milestone.lifecycle == .active else { throw WriteRefusal.withdrawn() }
            try await WriteRefusal.requireOpen(planID: milestone.$plan.id, on: tx)
            let leads = try await milestone.$leads.query(on: tx).all().compactMap(\.id)
            guard user.access.may(.updateMilestone(leads: Set(leads))) else { throw WriteRefusal.forbidden("Your account cannot update this milestone") }
            guard claimed else {
                return try await .staleVersion(entity: "milestone", id: milestoneID, version: milestone.version, on: tx)
            }
            let before = ["forecast_date": milestone.forecastDate ?? "", "completed_date": milestone.completedDate ?? ""]
            milestone.forecastDate = update.completed == nil ? update.forecast?.iso : nil
            milestone.completedDate = update.completed?.iso
            try await milestone.save(on: tx)

            let assessment = Self.preview(milestone, update, today: today)
            let record = MilestoneUpdate()
            record.$milestone.id = milestoneID
            record.$author.id = userID
            record.commentary = update.commentary
            record.forecastDate = milestone.forecastDate
            record.completedDate = milestone.completedDate
            record.statusAfter = assessment.status.rawValue
            record.versionAfter = milestone.version
            try await record.create(on: tx)

            var after = ["forecast_date": milestone.forecastDate ?? "", "completed_date": milestone.completedDate ?? "", "commentary": update.commentary]
            if let proposal = update.proposal {
                let revision = DeadlineRevision()
                revision.$milestone.id = milestoneID
                revision.$proposedBy.id = userID
                revision.proposedText = proposal.deadline.written
                revision.proposedDue = proposal.deadline.due?.iso
                revision.reason = proposal.reason
                revision.state = .pending
                try await revision.create(on: tx)
                after["proposed_deadline"] = proposal.deadline.written
                after["proposed_reason"] = proposal.reason
            }
            if let plan = try await Plan.find(milestone.$plan.id, on: tx) {
                try await MilestoneStatusIndex.refresh(milestoneIDs: [milestoneID], scheme: plan.scheme, today: AsOf.today(), on: tx)
            }
            try await PlanDataVersion.bump(milestone.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: actor, action: "milestone.progress_updated", entity: "milestone", entityID: milestoneID, planID: milestone.$plan.id,
                summary: "Progress update on \"\(milestone.title)\": \(assessment.status.label)",
                before: AuditLog.json(before), after: AuditLog.json(after)), on: tx)
            return .saved(milestone.version)
        }
    }

    private static func date(_ text: String, field: String, label: String, errors: inout [FieldError]) -> CalendarDate? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if let iso = CalendarDate(iso: text) { return iso }
        if let parsed = try? DeadlineParser.parse(text), parsed.kind == .dated, let due = parsed.due, parsed.earliestStart == due {
            return due
        }
        errors.append(.init(field: field, message: "\(label) must be a real date, like 31/05/2018"))
        return nil
    }
}

extension Milestone {
    /// The deadline as stored, rebuilt into the domain type.
    var deadline: Deadline {
        Deadline(stored: deadlineText, kind: deadlineKind.rawValue, earliestStart: earliestStart, due: dueDate, checkpoints: checkpoints)
    }

    var facts: MilestoneFacts {
        MilestoneFacts(deadline: deadline, storedForecast: forecastDate, storedCompletion: completedDate)
    }
}
