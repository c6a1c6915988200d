import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Gives the peer team their accounts: each belongs to one review and works from its first day
/// to its last, inclusive (by default two weeks either side of the on-site visit). Ending access
/// stops the account's sessions and tokens at once. The caller checks who may do this (the
/// performance team, or the operator at the command line); `actor` is who did.
struct ReviewerAccountService {
    let db: any Database
    let actor: String
    var bcryptCost: Int

    struct Input: Sendable {
        var email = "", name = "", validFrom = "", validUntil = ""
        var peerID: Int?
    }

    /// The new account and its one-time password, which is shown once and never stored.
    func giveAccess(reviewID: Int, _ input: Input) async throws -> WriteResult<(user: User, password: String)> {
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        let given = input.name.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if !email.contains("@") || email.hasPrefix("@") || email.hasSuffix("@") { errors.append(.init(field: "email", message: "Enter the reviewer's email address, such as name@example.gov.uk")) }
        if let problem = TextLimit.name.problem(email, label: "Email address") { errors.append(.init(field: "email", message: problem)) }
        if let problem = TextLimit.name.problem(given, label: "Name") { errors.append(.init(field: "name", message: problem)) }
        var dates: [CalendarDate?] = []
        for (field, text, label) in [("valid_from", input.validFrom, "first day of access"), ("valid_until", input.validUntil, "last day of access")] {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let date = CalendarDate(iso: trimmed)
            if !trimmed.isEmpty && date == nil { errors.append(.init(field: field, message: "The \(label) must be a real date")) }
            dates.append(date)
        }
        guard errors.isEmpty else { return .invalid(errors) }
        let visit = try await ScheduleRecords.visitDays(reviewID: reviewID, on: db)
        let standard = visit.first.flatMap { first in visit.last.map { ReviewerWindow.standard(visitStarts: first, visitEnds: $0) } }
        guard let from = dates[0] ?? standard?.validFrom, let until = dates[1] ?? standard?.validUntil else {
            return .invalid("valid_from", "Enter the first and last days of access, or give the on-site visit its dates so they can be worked out")
        }
        let window = ReviewerWindow(validFrom: from, validUntil: until)
        if let problem = window.problem { return .invalid("valid_until", problem) }
        let password = AccountService.randomPassword()
        let hash = try await AccountService.hash(password, cost: bcryptCost)
        do {
            return try await db.writeTransaction { tx in
                guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
                var peer: PeerMember?
                var name = given
                if let peerID = input.peerID {
                    guard let found = try await PeerMember.find(peerID, on: tx), found.$review.id == reviewID else { return .invalid("peer_id", "Choose a member of this review's peer team") }
                    guard found.$user.id == nil else { return .invalid("peer_id", "\(found.name) already has an account; end it before giving a new one") }
                    peer = found
                    if name.isEmpty { name = found.name }
                }
                if name.isEmpty { return .invalid("name", "Enter the reviewer's name") }
                if try await User.query(on: tx).filter(\.$email == email).count() > 0 { return .invalid("email", "There is already an account for \(email)") }
                let user = User(email: email, displayName: name, passwordHash: hash, role: .reviewer)
                user.mustChangePassword = true
                user.$review.id = reviewID
                (user.validFrom, user.validUntil) = (from.iso, until.iso)
                try await user.create(on: tx)
                if let peer {
                    peer.$user.id = try user.requireID()
                    try await peer.save(on: tx)
                }
                try await AuditLog.record(.init(actor: actor, action: "reviewer.access_given", entity: "user", entityID: user.id, planID: review.$plan.id,
                                                summary: "Gave \(name) (\(email)) reviewer access to \"\(review.title)\" from \(from.display) to \(until.display)",
                                                after: AuditLog.json(["email": email, "review_id": String(reviewID), "valid_from": from.iso, "valid_until": until.iso])), on: tx)
                return .saved((user, password))
            }
        } catch let refused as WriteRefusal where refused.kind == .duplicate {
            return .invalid("email", "There is already an account for \(email)")
        }
    }

    /// Ends a reviewer's access now: the account is disabled, and its sessions and API tokens end.
    func endAccess(userID: Int, reviewID: Int) async throws -> WriteResult<User> {
        try await db.writeTransaction { tx in
            let user = try await AccountService.lockedUser(userID, on: tx)
            guard user.role == .reviewer, user.$review.id == reviewID, let review = try await Review.find(reviewID, on: tx) else {
                throw WriteRefusal.notFound(saying: "That is not a reviewer of this review")
            }
            guard !user.disabled else { return .saved(user) }
            user.disabled = true
            try await user.save(on: tx)
            let sql = tx.sql
            try await AccountService.endSessions(of: userID, keeping: nil, on: sql)
            try await sql.delete(from: "api_tokens").where("user_id", .equal, userID).run()
            try await AuditLog.record(.init(actor: actor, action: "reviewer.access_ended", entity: "user", entityID: userID, planID: review.$plan.id,
                                            summary: "Ended \(user.displayName)'s reviewer access to \"\(review.title)\""), on: tx)
            return .saved(user)
        }
    }
}
