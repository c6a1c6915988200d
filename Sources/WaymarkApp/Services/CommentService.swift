import Fluent
import Foundation
import WaymarkCore

/// Comments on milestones: validated, written with their audit record in one transaction.
struct CommentService {
    let db: any Database
    let user: User

    func add(to milestoneID: Int, body: String) async throws -> WriteResult<Void> {
        guard user.access.may(.comment) else { throw WriteRefusal.forbidden() }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .invalid([.init(field: "comment", message: "Enter your comment")]) }
        if let long = TextLimit.text.problem(text, label: "Your comment") { return .invalid([.init(field: "comment", message: long)]) }
        let actor = AuditLog.actor(user)
        try await db.writeTransaction { tx in
            guard let milestone = try await Milestone.find(milestoneID, on: tx) else { throw WriteRefusal.notFound("milestone") }
            let comment = MilestoneComment()
            comment.$milestone.id = milestoneID
            comment.$author.id = try user.requireID()
            comment.body = text
            try await comment.create(on: tx)
            try await AuditLog.record(.init(actor: actor, action: "milestone.commented", entity: "milestone_comment", entityID: comment.id,
                                            planID: milestone.$plan.id, summary: "Commented on \"\(milestone.title)\"",
                                            after: AuditLog.json(["comment": text])), on: tx)
        }
        return .saved
    }
}
