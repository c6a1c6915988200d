import Fluent
import Vapor
import WaymarkCore

/// One evidence document: what it is, the themes it is filed under, every version of its file
/// (purged ones with the record of the purge), and the forms to add a version, withdraw it or,
/// for an administrator, purge it.
enum EvidencePage {
    static func render(_ req: Request, document: EvidenceDocument, errors: [FieldError], conflict: HTML?) async throws -> HTML {
        let id = try document.requireID()
        guard let review = try await Review.find(document.$review.id, on: req.db) else { throw Abort(.notFound) }
        let access = req.currentUser?.access
        let canManage = access?.may(.manageReviews) == true, canPurge = access?.may(.purgeEvidence) == true
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let themeIDs = try await EvidenceDocumentTheme.query(on: req.db).filter(\.$document.$id == id).all().map(\.$theme.id)
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$id ~~ themeIDs).sort(\.$position).all()
        let versions = try await EvidenceVersion.query(on: req.db).filter(\.$document.$id == id).sort(\.$number, .descending).all()
        let versionRows = versions.map { v -> HTML in
            let file: HTML = v.purgedAt == nil
                ? "<a href=\"/evidence/\(id)/versions/\(v.number)\">\(v.fileName)</a>"
                : "\(v.fileName) <span class=\"hint\">(content erased \(v.purgedAt.map(MilestoneUpdateForm.timestamp) ?? "") by \(v.purgedBy ?? ""): \(v.purgeReason ?? ""))</span>"
            return "<tr><td>\(v.number)\(v.number == document.latestVersion ? HTML(" (latest)") : "")</td><td>\(file)</td><td>\(EvidencePagesController.size(v.size))</td><td>\(v.uploadedBy), \(MilestoneUpdateForm.timestamp(v.uploadedAt))</td><td><code class=\"hash\">\(v.sha256)</code></td></tr>"
        }
        let withdrawn: HTML = document.withdrawnAt.map { at in
            "<div class=\"notification\" role=\"region\" aria-label=\"Withdrawn\"><p><strong>Withdrawn</strong> by \(document.withdrawnBy ?? "") on \(MilestoneUpdateForm.timestamp(at)): \(document.withdrawnReason ?? ""). Reviewers no longer see it.</p></div>"
        } ?? ""
        var forms: [HTML] = []
        if canManage && !document.isWithdrawn && document.link == nil {
            forms.append("""
            <h2 id="new-version">Upload a new version</h2>
            <form method="post" action="/evidence/\(id)/versions" enctype="multipart/form-data" novalidate>\(csrf)<input type="hidden" name="version" value="\(document.version)">
              \(EvidencePagesController.fileField(errors, label: "New version"))
              <button class="button" type="submit">Upload new version</button>
            </form>
            """)
        }
        if canManage && !document.isWithdrawn {
            forms.append("""
            <h2 id="withdraw-heading">Withdraw this document</h2>
            <form method="post" action="/evidence/\(id)/withdraw" novalidate>\(csrf)<input type="hidden" name="version" value="\(document.version)">
              \(MilestoneUpdateForm.textarea("reason", "Why is it withdrawn?", hint: "Reviewers stop seeing it at once. The team still sees it, marked withdrawn.", value: "", errors: errors))
              <button class="button button--warning" type="submit">Withdraw</button>
            </form>
            """)
        }
        if canPurge && document.isWithdrawn && versions.contains(where: { $0.purgedAt == nil }) {
            forms.append("""
            <h2 id="purge-heading">Erase the content</h2>
            <form method="post" action="/evidence/\(id)/purge" novalidate>\(csrf)
              \(MilestoneUpdateForm.textarea("purge_reason", "Why must the content be erased?", hint: "Every version's file is erased for good. The record that it existed (its name, size, SHA-256 and who uploaded it) stays, with this reason.", value: "", errors: errors))
              <button class="button button--warning" type="submit">Erase the content for good</button>
            </form>
            """)
        }
        if let user = req.currentUser, user.role == .reviewer {
            let notes = try await ReviewerNote.query(on: req.db).filter(\.$document.$id == id).filter(\.$user.$id == user.requireID()).sort(\.$writtenAt).all()
            forms.append("""
            <h2 id="notes">Your notes</h2>
            <p class="hint">Only you can read these.</p>
            \(notes.isEmpty ? HTML("<p>No notes yet.</p>") : "<ul class=\"list\">\(notes.map { "<li><span class=\"hint\">\(MilestoneUpdateForm.timestamp($0.writtenAt))</span> \(BoardPackHTML.paragraphs($0.text))</li>" as HTML })</ul>")
            <form method="post" action="/evidence/\(id)/notes" novalidate>\(csrf)
              \(MilestoneUpdateForm.textarea("note", "Add a note", hint: nil, value: "", errors: errors))
              <button class="button button--secondary" type="submit">Save note</button>
            </form>
            """)
        }
        return Layout.page(document.title, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title), ("/reviews/\(review.id ?? 0)/evidence", "Evidence library")]))
        <h1>\(document.title)</h1>
        \(conflict ?? "")
        \(withdrawn)
        \(document.description.isEmpty ? HTML("") : BoardPackHTML.paragraphs(document.description))
        <dl class="summary-list"><dt>Themes</dt><dd>\(themes.map { $0.kind == .theme ? $0.title : "Scope question \($0.position)" }.joined(separator: "; "))</dd>
        \(document.link.map { "<dt>Waymark page</dt><dd><a href=\"\($0)\">\($0)</a></dd>" as HTML } ?? "")</dl>
        \(versions.isEmpty ? HTML("") : """
        <h2 id="versions">Versions</h2>
        <table class="table"><caption class="visually-hidden">Versions of the file, newest first</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">File</th><th scope="col">Size</th><th scope="col">Uploaded</th><th scope="col">SHA-256</th></tr></thead><tbody>\(versionRows)</tbody></table>
        """)
        \(forms)
        """)
    }
}
