import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Keeps reviewers' accounts no longer than they are needed. An account is disabled once its
/// last day has passed; a set time after its review closes (`WAYMARK_REVIEWER_RETENTION_MONTHS`,
/// 12 by default) it is deleted, with its notes, and its log of reads is replaced by a summary
/// in the audit trail, so the record of who read how much survives the personal data.
struct ReviewRetention {
    let db: any Database

    static let variable = "WAYMARK_REVIEWER_RETENTION_MONTHS"

    static func months(from environment: [String: String]) throws -> Int {
        guard let text = environment[variable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 12 }
        guard let months = Int(text), months >= 0, months <= 120 else {
            throw StartupError("\(variable): \"\(text)\" is not a number of months; give a whole number from 0 to 120, such as 12")
        }
        return months
    }

    struct Outcome: Equatable, Sendable {
        var disabled = 0
        var deleted = 0
        var text: String { "\(disabled) reviewer account\(disabled == 1 ? "" : "s") past its last day disabled; \(deleted) deleted after retention" }
    }

    func run(today: CalendarDate, months: Int) async throws -> Outcome {
        var outcome = Outcome()
        let reviewers = try await User.query(on: db).filter(\.$role == .reviewer).all()
        for user in reviewers where !user.disabled {
            guard let until = user.validUntil.flatMap({ CalendarDate(iso: $0) }), until < today else { continue }
            try await db.writeTransaction { tx in
                let locked = try await AccountService.lockedUser(try user.requireID(), on: tx)
                guard !locked.disabled else { return }
                locked.disabled = true
                try await locked.save(on: tx)
                let sql = tx.sql
                try await AccountService.endSessions(of: try locked.requireID(), keeping: nil, on: sql)
                try await sql.delete(from: "api_tokens").where("user_id", .equal, try locked.requireID()).run()
                try await AuditLog.record(.init(actor: "retention", action: "reviewer.access_expired", entity: "user", entityID: locked.id, planID: nil,
                                                summary: "Disabled \(locked.displayName)'s reviewer account: its last day was \(until.display)"), on: tx)
            }
            outcome.disabled += 1
        }
        let reviews = try await Review.query(on: db).filter(\.$closedOn != nil).all()
        for review in reviews {
            guard let closed = review.closedOn.flatMap({ CalendarDate(iso: $0) }), closed.adding(months: months) <= today else { continue }
            let accounts = try await User.query(on: db).filter(\.$review.$id == review.requireID()).filter(\.$role == .reviewer).all()
            for account in accounts {
                try await delete(account, of: review, closed: closed, months: months)
                outcome.deleted += 1
            }
        }
        return outcome
    }

    private func delete(_ account: User, of review: Review, closed: CalendarDate, months: Int) async throws {
        try await db.writeTransaction { tx in
            let id = try account.requireID()
            let reads = try await EvidenceRead.query(on: tx).filter(\.$user.$id == id).all()
            var perDocument: [String: String] = [:]
            for (document, its) in Dictionary(grouping: reads, by: { $0.$document.id }) {
                let views = its.filter { $0.action == .viewed }.count, downloads = its.count - views
                perDocument["document \(document)"] = "\(views) view\(views == 1 ? "" : "s"), \(downloads) download\(downloads == 1 ? "" : "s")"
            }
            try await EvidenceRead.query(on: tx).filter(\.$user.$id == id).delete()
            try await ReviewerNote.query(on: tx).filter(\.$user.$id == id).delete()
            let sql = tx.sql
            try await AccountService.endSessions(of: id, keeping: nil, on: sql)
            try await sql.delete(from: "api_tokens").where("user_id", .equal, id).run()
            try await sql.delete(from: "sign_in_links").where("user_id", .equal, id).run()
            try await sql.update("peer_members").set("user_id", to: SQLLiteral.null).where("user_id", .equal, id).run()
            try await account.delete(on: tx)
            try await AuditLog.record(.init(actor: "retention", action: "reviewer.deleted", entity: "user", entityID: id, planID: review.$plan.id,
                                            summary: "Deleted \(account.displayName)'s reviewer account of \"\(review.title)\", \(months) months after the review closed on \(closed.display); they read \(perDocument.count) document\(perDocument.count == 1 ? "" : "s") (\(reads.count) reads)",
                                            after: AuditLog.json(perDocument)), on: tx)
        }
    }
}

/// The retention time in words, for forms.
enum ReviewerRetentionText {
    static func months(_ months: Int) -> String {
        months == 12 ? "a year" : "\(months) month\(months == 1 ? "" : "s")"
    }
}
