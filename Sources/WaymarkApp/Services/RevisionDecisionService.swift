import Fluent
import Foundation
import WaymarkCore

/// Records a Board's decision on a proposed revised deadline. An agreed revision becomes the
/// milestone's revised deadline; the original stays, and status is still measured against it.
struct RevisionDecisionService {
    let db: any Database
    let user: User

    enum Decision: String, Sendable, CaseIterable { case agreed, rejected }

    func decide(revisionID: Int, decision: String, meetingID: Int?, minuteReference: String) async throws -> WriteResult<Void> {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden() }
        var errors: [FieldError] = []
        let decided = Decision(rawValue: decision)
        if decided == nil { errors.append(.init(field: "decision", message: "Select whether the Board agreed or rejected the revised deadline")) }
        let minute = minuteReference.trimmingCharacters(in: .whitespacesAndNewlines)
        if minute.isEmpty { errors.append(.init(field: "minute_reference", message: "Enter the minute reference that records the decision")) }
        if meetingID == nil { errors.append(.init(field: "meeting_id", message: "Select the meeting that decided it")) }
        guard errors.isEmpty, let decided, let meetingID else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let meeting = try await Meeting.find(meetingID, on: tx) else { return .invalid([.init(field: "meeting_id", message: "That meeting no longer exists")]) }
            // A proposal is decided once: two decisions at the same moment take turns on its row,
            // and the second finds it decided.
            guard try await RowGuards.lock("deadline_revisions", id: revisionID, on: tx) else { throw WriteRefusal.notFound("proposal") }
            guard let revision = try await DeadlineRevision.find(revisionID, on: tx) else { throw WriteRefusal.notFound("proposal") }
            // The milestone's row is taken (its version moved on) before it is read, so two
            // decisions on two of its proposals count the re-timings one after the other, and
            // forms opened before the decision cannot save over the new revised deadline.
            try await RowGuards.bumpVersion("milestones", id: revision.$milestone.id, on: tx)
            guard let milestone = try await Milestone.find(revision.$milestone.id, on: tx) else { throw WriteRefusal.notFound("proposal") }
            guard revision.state == .pending else {
                return .invalid([.init(field: "decision", message: "This proposal was already \(revision.state.rawValue)\(revision.minuteReference.map { " (minute \($0))" } ?? "")")])
            }
            revision.state = decided == .agreed ? .agreed : .rejected
            revision.$meeting.id = meetingID
            revision.decidedOn = meeting.heldOn
            revision.minuteReference = minute
            revision.decidedBy = actor
            try await revision.save(on: tx)
            let before = ["revised_deadline": milestone.revisedDeadlineText ?? "", "revision_count": String(milestone.revisionCount)]
            if decided == .agreed {
                milestone.revisedDeadlineText = revision.proposedText
                milestone.revisedDueDate = revision.proposedDue
                milestone.revisionCount += 1
                try await milestone.save(on: tx)
            }
            try await PlanDataVersion.bump(milestone.$plan.id, on: tx)
            try await AuditLog.record(.init(
                actor: actor, action: "revision.\(decided.rawValue)", entity: "milestone", entityID: milestone.id, planID: milestone.$plan.id,
                summary: "The Board \(decided.rawValue) \"\(revision.proposedText)\" for \"\(milestone.title)\" on \(meeting.heldOn), minute \(minute)",
                before: AuditLog.json(before),
                after: AuditLog.json(["revised_deadline": milestone.revisedDeadlineText ?? "", "revision_count": String(milestone.revisionCount),
                                      "decision": decided.rawValue, "minute_reference": minute, "meeting_id": String(meetingID)])), on: tx)
            return .saved
        }
    }
}
