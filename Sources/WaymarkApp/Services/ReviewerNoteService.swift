import Fluent
import Foundation
import WaymarkCore

/// A reviewer's notes on the evidence. Only a reviewer of the document's review writes them, and
/// only they read them. Each note is audited without its text, which stays private.
struct ReviewerNoteService {
    let db: any Database
    let user: User

    func add(documentID: Int, text raw: String, now: Date) async throws -> WriteResult<ReviewerNote> {
        guard user.role == .reviewer, let reviewID = user.$review.id else { throw WriteRefusal.forbidden("Notes here are for the peer team's reviewers.") }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .invalid("note", "Enter your note") }
        if let problem = TextLimit.text.problem(text, label: "Your note") { return .invalid("note", problem) }
        return try await db.writeTransaction { tx in
            guard let document = try await EvidenceDocument.find(documentID, on: tx), document.$review.id == reviewID, !document.isWithdrawn,
                  let review = try await Review.find(reviewID, on: tx) else {
                throw WriteRefusal.notFound("evidence document")
            }
            let note = ReviewerNote()
            (note.$user.id, note.$document.id, note.text, note.writtenAt) = (try user.requireID(), documentID, text, now)
            try await note.create(on: tx)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "reviewer_note.added", entity: "evidence", entityID: documentID,
                                            planID: review.$plan.id, summary: "A reviewer added a note on \"\(document.title)\""), on: tx)
            return .saved(note)
        }
    }
}
