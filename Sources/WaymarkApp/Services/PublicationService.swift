import Crypto
import Fluent
import Foundation
import WaymarkCore

/// Publishes closed periods to the public pages and withdraws them, and approves milestones'
/// commentary for the public. Each write is validated, transactional and audited.
struct PublicationService {
    let db: any Database
    let actor: String
    /// The council's name, as the publication records it: the settings' `WAYMARK_COUNCIL_NAME`,
    /// which every caller in the server passes.
    var council = "The council"

    /// The public content of a closed period, exactly as publishing it would freeze it.
    func preview(periodID: Int, today: CalendarDate) async throws -> (PeriodReport, PublicationContent) {
        guard let report = try await PeriodReport.build(periodID: periodID, today: today, on: db) else { throw WriteRefusal.notFound("reporting period") }
        guard report.isFinal else { throw WriteRefusal(kind: .withdrawn, message: "\(report.period.label) is still open: only a closed period's frozen snapshot can be published") }
        return (report, try await PublicationBuilder.content(report, council: council, on: db))
    }

    func publish(periodID: Int, today: CalendarDate, now: Date = Date()) async throws -> WriteResult<Publication> {
        try await db.writeTransaction { tx in
            try await RowGuards.lock("reporting_periods", id: periodID, on: tx)
            let (report, built) = try await PublicationService(db: tx, actor: actor, council: council).preview(periodID: periodID, today: today)
            let content = built
            if let existing = try await Publication.query(on: tx).filter(\.$period.$id == periodID).filter(\.$closing == report.closing).first() {
                return .invalid("period", "\(report.period.label) as closed is already publication \(existing.id ?? 0); reopen and close it again to publish a new one")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(content), as: UTF8.self)
            let publication = Publication()
            (publication.$plan.id, publication.$period.id, publication.closing) = (report.planID, periodID, report.closing)
            (publication.publishedAt, publication.publishedBy, publication.content) = (now, actor, json)
            publication.etag = SHA256.hash(data: Data(json.utf8)).prefix(16).hexEncoded
            try await publication.create(on: tx)
            try await AuditLog.record(.init(actor: actor, action: "publication.published", entity: "publication", entityID: publication.id, planID: report.planID,
                                            summary: "Published \(report.period.label) of \(report.planTitle) as publication \(publication.id ?? 0)",
                                            after: AuditLog.json(["period_id": String(periodID), "closing": String(report.closing), "etag": publication.etag])), on: tx)
            return .saved(publication)
        }
    }

    func withdraw(publicationID: Int, reason raw: String, now: Date = Date()) async throws -> WriteResult<Publication> {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { return .invalid("reason", "Enter why the publication is withdrawn: the public notice says so") }
        if let problem = TextLimit.text.problem(reason, label: "Reason") { return .invalid("reason", problem) }
        return try await db.writeTransaction { tx in
            try await RowGuards.lock("publications", id: publicationID, on: tx)
            guard let publication = try await Publication.find(publicationID, on: tx) else { throw WriteRefusal.notFound("publication") }
            guard publication.withdrawnAt == nil else { throw WriteRefusal(kind: .withdrawn, message: "Publication \(publicationID) has already been withdrawn") }
            (publication.withdrawnAt, publication.withdrawnBy, publication.withdrawnReason) = (now, actor, reason)
            try await publication.save(on: tx)
            try await AuditLog.record(.init(actor: actor, action: "publication.withdrawn", entity: "publication", entityID: publicationID, planID: publication.$plan.id,
                                            summary: "Withdrew publication \(publicationID): \(reason)", after: AuditLog.json(["reason": reason])), on: tx)
            return .saved(publication)
        }
    }

    /// Approves a milestone's commentary for the public for a period, as written or in a public
    /// version; blank text takes the approval away, so the public page says there is no update.
    /// `drawnFrom` is the digest of the approved text the form was drawn from: when someone has
    /// approved other words since, nothing is saved and the answer says who did. The milestone's
    /// row is locked first, so two first approvals at once take turns instead of meeting at the
    /// unique index.
    func approveCommentary(milestoneID: Int, periodID: Int, text raw: String, drawnFrom: String? = nil, now: Date = Date()) async throws -> WriteResult<Void> {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = TextLimit.text.problem(text, label: "Public commentary") { return .invalid("public-\(milestoneID)", problem) }
        return try await db.writeTransaction { tx in
            try await RowGuards.lock("milestones", id: milestoneID, on: tx)
            guard let milestone = try await Milestone.find(milestoneID, on: tx), let period = try await PlanReportingPeriod.find(periodID, on: tx),
                  period.$plan.id == milestone.$plan.id else { throw WriteRefusal.notFound("milestone") }
            let existing = try await PublicCommentary.query(on: tx).filter(\.$milestone.$id == milestoneID).filter(\.$period.$id == periodID).first()
            if let drawnFrom, drawnFrom != PublicCommentary.digest(existing?.text) {
                return .conflict(changedBy: existing?.approvedBy ?? "Someone", at: existing?.approvedAt, version: 0)
            }
            let before = existing?.text ?? ""
            if text.isEmpty {
                try await existing?.delete(on: tx)
            } else {
                let row = existing ?? PublicCommentary()
                (row.$milestone.id, row.$period.id, row.text, row.approvedBy, row.approvedAt) = (milestoneID, periodID, text, actor, now)
                try await row.save(on: tx)
            }
            try await AuditLog.record(.init(actor: actor, action: text.isEmpty ? "public_commentary.cleared" : "public_commentary.approved", entity: "milestone",
                                            entityID: milestoneID, planID: milestone.$plan.id,
                                            summary: text.isEmpty ? "No public commentary for \"\(milestone.title)\" in \(period.label)" : "Approved public commentary for \"\(milestone.title)\" in \(period.label)",
                                            before: AuditLog.json(["public_commentary": before]), after: AuditLog.json(["public_commentary": text])), on: tx)
            return .saved
        }
    }
}
