import Crypto
import Fluent
import Foundation
import WaymarkCore

/// Keeps a review's evidence library: documents filed under themes, each file's versions (a new
/// one keeps the old), links to Waymark's own pages, withdrawal and, by an administrator, purge.
/// Each write is validated, runs in one transaction and is audited.
struct EvidenceService {
    let db: any Database
    let user: User

    struct DocumentInput: Sendable {
        var title = "", description = "", link = ""
        var themeIDs: [Int] = []
        var file: (name: String, data: Data)?
    }

    private var review: ReviewService { ReviewService(db: db, user: user) }

    /// A new document with its first version, or a link to one of Waymark's pages.
    func add(reviewID: Int, _ input: DocumentInput) async throws -> WriteResult<EvidenceDocument> {
        try review.allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        let link = input.link.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the document's title, such as \"Strategic Plan 2018-21\"")) }
        review.check(title, .title, label: "Title", field: "title", into: &errors)
        review.check(input.description, .text, label: "Description", field: "description", into: &errors)
        if input.themeIDs.isEmpty { errors.append(.init(field: "theme_ids", message: "Select at least one theme to file the document under")) }
        var accepted: EvidencePolicy.Accepted?
        switch (input.file, link.isEmpty) {
        case (nil, true): errors.append(.init(field: "file", message: "Choose a file to upload, or give a link to a Waymark page"))
        case (.some, false): errors.append(.init(field: "link", message: "Upload a file or give a link, not both"))
        case (.some(let file), true): accepted = check(file, into: &errors)
        case (nil, false): review.check(link, .title, label: "Link", field: "link", into: &errors)
        }
        guard errors.isEmpty else { return .invalid(errors) }
        let file = input.file, checked = accepted
        return try await db.writeTransaction { tx in
            guard let found = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            if !link.isEmpty, let problem = try await EvidenceLinks.problem(link, planID: found.$plan.id, on: tx) { return .invalid("link", problem) }
            let themes = try await ReviewTheme.query(on: tx).filter(\.$id ~~ input.themeIDs).filter(\.$review.$id == reviewID).count()
            guard themes == Set(input.themeIDs).count else { return .invalid("theme_ids", "Select themes of this review") }
            let document = EvidenceDocument()
            document.$review.id = reviewID
            (document.title, document.description) = (title, input.description.trimmingCharacters(in: .whitespacesAndNewlines))
            document.link = link.isEmpty ? nil : link
            document.latestVersion = file == nil ? 0 : 1
            try await document.create(on: tx)
            let documentID = try document.requireID()
            for theme in Set(input.themeIDs).sorted() {
                let row = EvidenceDocumentTheme()
                (row.$document.id, row.$theme.id) = (documentID, theme)
                try await row.create(on: tx)
            }
            var after = ["title": title, "themes": Set(input.themeIDs).sorted().map(String.init).joined(separator: ","), "link": link]
            if let file, let checked { after.merge(try await store(file.data, as: checked, number: 1, documentID: documentID, on: tx)) { $1 } }
            try await review.audit("evidence.added", "evidence", documentID, planID: found.$plan.id, "Added \"\(title)\" to the evidence of \"\(found.title)\"",
                                   after: after, on: tx)
            return .saved(document)
        }
    }

    /// A new version of a document's file, if its latest is still `basedOn`; the old ones stay.
    func addVersion(documentID: Int, basedOn version: Int, file: (name: String, data: Data)) async throws -> WriteResult<EvidenceDocument> {
        try review.allowed()
        var errors: [FieldError] = []
        guard let accepted = check(file, into: &errors) else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let document = try await EvidenceDocument.find(documentID, on: tx), let found = try await Review.find(document.$review.id, on: tx) else {
                throw WriteRefusal.notFound("evidence document")
            }
            guard document.link == nil else { return .invalid("file", "A link has no file to replace") }
            guard !document.isWithdrawn else { throw WriteRefusal(kind: .withdrawn, message: "\"\(document.title)\" has been withdrawn; add it again as a new document") }
            guard try await RowGuards.claimVersion("evidence_documents", id: documentID, version: version, on: tx) else {
                return try await .staleVersion(entity: "evidence", id: documentID, version: document.version, on: tx)
            }
            let number = document.latestVersion + 1
            document.version = version + 1
            document.latestVersion = number
            try await document.save(on: tx)
            let after = try await store(file.data, as: accepted, number: number, documentID: documentID, on: tx)
            try await review.audit("evidence.new_version", "evidence", documentID, planID: found.$plan.id,
                                   "Uploaded version \(number) of \"\(document.title)\"", after: after, on: tx)
            return .saved(document)
        }
    }

    /// Hides a wrongly uploaded document from reviewers at once; the team still sees it, marked.
    func withdraw(documentID: Int, version: Int, reason: String) async throws -> WriteResult<EvidenceDocument> {
        try review.allowed()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if reason.isEmpty { errors.append(.init(field: "reason", message: "Enter why the document is withdrawn")) }
        review.check(reason, .text, label: "Reason", field: "reason", into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let document = try await EvidenceDocument.find(documentID, on: tx), let found = try await Review.find(document.$review.id, on: tx) else {
                throw WriteRefusal.notFound("evidence document")
            }
            guard !document.isWithdrawn else { throw WriteRefusal(kind: .withdrawn, message: "\"\(document.title)\" has already been withdrawn") }
            guard try await RowGuards.claimVersion("evidence_documents", id: documentID, version: version, on: tx) else {
                return try await .staleVersion(entity: "evidence", id: documentID, version: document.version, on: tx)
            }
            document.version = version + 1
            (document.withdrawnReason, document.withdrawnBy, document.withdrawnAt) = (reason, AuditLog.actor(user), Date())
            try await document.save(on: tx)
            try await review.audit("evidence.withdrawn", "evidence", documentID, planID: found.$plan.id, "Withdrew \"\(document.title)\": \(reason)",
                                   after: ["reason": reason], on: tx)
            return .saved(document)
        }
    }

    /// Erases the content of every version of a withdrawn document for good, keeping the record
    /// that it existed (name, size, SHA-256, who uploaded it) and of the purge.
    func purge(documentID: Int, reason: String) async throws -> WriteResult<Int> {
        guard user.access.may(.purgeEvidence) else { throw WriteRefusal.forbidden("Only an administrator can purge evidence.") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if reason.isEmpty { errors.append(.init(field: "purge_reason", message: "Enter why the content must be erased")) }
        review.check(reason, .text, label: "Reason", field: "purge_reason", into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let document = try await EvidenceDocument.find(documentID, on: tx), let found = try await Review.find(document.$review.id, on: tx) else {
                throw WriteRefusal.notFound("evidence document")
            }
            guard document.isWithdrawn else { return .invalid("purge_reason", "Withdraw the document before purging it, so reviewers stop seeing it first") }
            try await RowGuards.lock("evidence_documents", id: documentID, on: tx)
            let versions = try await EvidenceVersion.query(on: tx).filter(\.$document.$id == documentID).filter(\.$purgedAt == nil).all()
            guard !versions.isEmpty else { return .invalid("purge_reason", "\"\(document.title)\" has no content left to purge") }
            let ids = try versions.map { try $0.requireID() }
            try await EvidenceContent.query(on: tx).filter(\.$evidenceVersion.$id ~~ ids).delete()
            let now = Date()
            for version in versions {
                (version.purgedAt, version.purgedBy, version.purgeReason) = (now, AuditLog.actor(user), reason)
                try await version.save(on: tx)
            }
            try await review.audit("evidence.purged", "evidence", documentID, planID: found.$plan.id,
                                   "Purged the content of \"\(document.title)\" (\(versions.count) version\(versions.count == 1 ? "" : "s")): \(reason)",
                                   after: ["versions": versions.map { "\($0.number):\($0.sha256)" }.joined(separator: ","), "reason": reason], on: tx)
            return .saved(versions.count)
        }
    }

    private func check(_ file: (name: String, data: Data), into errors: inout [FieldError]) -> EvidencePolicy.Accepted? {
        switch EvidencePolicy.check(name: file.name, data: file.data) {
        case .success(let accepted): return accepted
        case .failure(let refusal):
            errors.append(.init(field: "file", message: refusal.message))
            return nil
        }
    }

    private func store(_ data: Data, as accepted: EvidencePolicy.Accepted, number: Int, documentID: Int, on tx: any Database) async throws -> [String: String] {
        let version = EvidenceVersion()
        version.$document.id = documentID
        version.number = number
        (version.fileName, version.contentType, version.size) = (accepted.name, accepted.contentType, data.count)
        version.sha256 = SHA256.hash(data: data).hexEncoded
        (version.uploadedBy, version.uploadedAt) = (AuditLog.actor(user), Date())
        try await version.create(on: tx)
        let content = EvidenceContent()
        content.$evidenceVersion.id = try version.requireID()
        content.bytes = data
        try await content.create(on: tx)
        return ["version": String(number), "file_name": accepted.name, "size": String(data.count), "sha256": version.sha256]
    }
}
