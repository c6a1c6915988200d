import Fluent
import Vapor
import WaymarkCore

/// A review's evidence library: documents filed by theme, each file's versions, uploads,
/// withdrawal and purge. Files are only ever served as downloads.
struct EvidencePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", ":reviewID", "evidence", use: library)
        routes.postLargeForm("reviews", ":reviewID", "evidence", maxSize: "35mb", requires: .manageReviews, use: add)
        routes.get("evidence", ":documentID", use: document)
        routes.postLargeForm("evidence", ":documentID", "versions", maxSize: "35mb", requires: .manageReviews, use: addVersion)
        routes.get("evidence", ":documentID", "versions", ":number", use: download)
        routes.post("evidence", ":documentID", "withdraw", use: withdraw)
        routes.post("evidence", ":documentID", "purge", use: purge)
        routes.post("evidence", ":documentID", "notes", use: addNote)
    }

    struct UploadForm: Content {
        var title: String?, description: String?, link: String?, version: String?
        var theme_ids: [String]?
        var file: File?

        /// A browser sends a nameless, empty part when no file was chosen.
        var chosenFile: (name: String, data: Data)? {
            guard let file, !file.filename.isEmpty || file.data.readableBytes > 0 else { return nil }
            return (file.filename, Data(file.data.readableBytesView))
        }
    }

    func library(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await libraryPage(req, review: try await req.find(Review.self, "reviewID"), input: .init(), errors: [])
    }

    private func libraryPage(_ req: Request, review: Review, input: EvidenceService.DocumentInput, errors: [FieldError]) async throws -> HTML {
        let id = try review.requireID()
        let canManage = req.currentUser?.access.may(.manageReviews) == true
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        var documents = try await EvidenceDocument.query(on: req.db).filter(\.$review.$id == id).sort(\.$title).all()
        if !canManage { documents = documents.filter { !$0.isWithdrawn } }
        let filed = try await EvidenceDocumentTheme.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let latest = try await EvidenceVersion.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let byID = Dictionary(documents.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        let sections = themes.map { theme -> HTML in
            let inTheme = filed.filter { $0.$theme.id == theme.id }.compactMap { byID[$0.$document.id] }.sorted { $0.title < $1.title }
            let rows = inTheme.map { doc -> HTML in
                let version = latest.first { $0.$document.id == doc.id && $0.number == doc.latestVersion }
                let file: HTML = doc.link.map { "Waymark page <a href=\"\($0)\">\($0)</a>" as HTML }
                    ?? version.map { "\($0.fileName), \(Self.size($0.size)), version \($0.number)" as HTML } ?? ""
                let tag: HTML = doc.isWithdrawn ? Layout.statusTag("Withdrawn", key: "overdue") + " " : ""
                return "<tr><td>\(tag)<a href=\"/evidence/\(doc.id ?? 0)\">\(doc.title)</a>\(doc.description.isEmpty ? HTML("") : HTML("<br><span class=\"hint\">\(doc.description)</span>"))</td><td>\(file)</td></tr>"
            }
            let label = theme.kind == .theme ? theme.title : "Scope question \(theme.position): \(theme.question)"
            return """
            <h2 id="theme-\(theme.id ?? 0)">\(label)</h2>
            \(rows.isEmpty ? HTML("<p>No evidence filed under this \(theme.kind == .theme ? "theme" : "question") yet.</p>") : """
            <table class="table"><caption class="visually-hidden">Evidence for \(label)</caption>
            <thead><tr><th scope="col">Document</th><th scope="col">File</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
            """
        }
        return Layout.page("Evidence: \(review.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title)]))
        <h1>Evidence library</h1>
        <p>The documents given to the peer team, filed by theme. A document filed under several themes appears under each.</p>
        \(sections)
        \(canManage ? uploadForm(id, themes: themes, input: input, errors: errors, csrf: Layout.csrfField(CSRF.token(for: req))) : "")
        """)
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) bytes" : bytes < 1024 * 1024 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }

    static func fileField(_ errors: [FieldError], label: String) -> HTML {
        let p = MilestoneUpdateForm.fieldParts("file", hint: "Up to \(EvidencePolicy.maxBytes / 1024 / 1024) MB: \(EvidencePolicy.accepted).", errors: errors)
        let accept = EvidencePolicy.extensions.map { ".\($0)" }.joined(separator: ",")
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"file\">\(label)</label>\(p.error)<input class=\"file-upload\" id=\"file\" name=\"file\" type=\"file\" accept=\"\(accept)\"\(p.describedBy)></div>"
    }

    private func uploadForm(_ id: Int, themes: [ReviewTheme], input: EvidenceService.DocumentInput, errors: [FieldError], csrf: HTML) -> HTML {
        let p = MilestoneUpdateForm.fieldParts("theme_ids", hint: nil, errors: errors)
        let boxes = themes.enumerated().map { index, theme -> HTML in
            let boxID = index == 0 ? "theme_ids" : "theme-\(theme.id ?? 0)"
            let label = theme.kind == .theme ? theme.title : "Scope question \(theme.position)"
            return """
            <div class="checkboxes__item"><input class="checkboxes__input" id="\(boxID)" name="theme_ids[]" type="checkbox" value="\(theme.id ?? 0)"\(input.themeIDs.contains(theme.id ?? 0) ? HTML(" checked") : "")>\
            <label class="label checkboxes__label" for="\(boxID)">\(label)</label></div>
            """
        }
        return """
        <h2 id="add">Add evidence</h2>
        <form method="post" action="/reviews/\(id)/evidence" enctype="multipart/form-data" novalidate>\(csrf)
          \(MilestoneUpdateForm.textField("title", "Title", hint: "For example, Strategic Plan 2018-21", value: input.title, errors: errors))
          \(MilestoneUpdateForm.textarea("description", "Description (optional)", hint: nil, value: input.description, errors: errors))
          <div class="\(p.group)"><fieldset class="fieldset"\(p.describedBy)><legend class="fieldset__legend">Themes it is evidence for</legend>\(p.error)<div class="checkboxes">\(boxes)</div></fieldset></div>
          \(Self.fileField(errors, label: "File"))
          \(MilestoneUpdateForm.textField("link", "Or a link to a page of this plan in Waymark", hint: "For example, /plans/1 for the plan's dashboard, or /periods/3/pack for a closed quarter's Board pack.", value: input.link, errors: errors))
          <button class="button" type="submit">Add evidence</button>
        </form>
        """
    }

    func add(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode(UploadForm.self)
        let input = EvidenceService.DocumentInput(title: form.title ?? "", description: form.description ?? "", link: form.link ?? "",
                                                  themeIDs: (form.theme_ids ?? []).compactMap { Int($0) }, file: form.chosenFile)
        let result = try await EvidenceService(db: req.db, user: user).add(reviewID: try review.requireID(), input)
        guard case .saved(let document) = result else {
            var kept = input
            kept.file = nil
            return Response.html(try await libraryPage(req, review: review, input: kept, errors: result.errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/evidence/\(try document.requireID())")
    }

    func document(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let document = try await req.find(EvidenceDocument.self, "documentID")
        guard !document.isWithdrawn || req.currentUser?.access.may(.manageReviews) == true else { throw Abort(.notFound) }
        try await EvidenceReadLog.record(req, documentID: try document.requireID(), version: nil)
        return try await EvidencePage.render(req, document: document, errors: [], conflict: nil)
    }

    func addVersion(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let document = try await req.find(EvidenceDocument.self, "documentID")
        let form = try req.content.decode(UploadForm.self)
        guard let file = form.chosenFile else {
            return Response.html(try await EvidencePage.render(req, document: document, errors: [.init(field: "file", message: "Choose the new version's file")], conflict: nil),
                                 status: .unprocessableEntity)
        }
        switch try await EvidenceService(db: req.db, user: user).addVersion(documentID: try document.requireID(), basedOn: form.version.flatMap { Int($0) } ?? 0, file: file) {
        case .saved: return req.redirect(to: "/evidence/\(try document.requireID())#versions")
        case .invalid(let errors): return Response.html(try await EvidencePage.render(req, document: document, errors: errors, conflict: nil), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(EvidenceDocument.self, "documentID")
            return Response.html(try await EvidencePage.render(req, document: fresh, errors: [], conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    func download(req: Request) async throws -> Response {
        try req.authorize(.read)
        let document = try await req.find(EvidenceDocument.self, "documentID")
        guard !document.isWithdrawn || req.currentUser?.access.may(.manageReviews) == true,
              let number = req.parameters.get("number").flatMap(Int.init),
              let version = try await EvidenceVersion.query(on: req.db).filter(\.$document.$id == document.requireID()).filter(\.$number == number).first() else {
            throw Abort(.notFound, reason: "There is no such version of this document.")
        }
        guard version.purgedAt == nil, let content = try await EvidenceContent.query(on: req.db).filter(\.$evidenceVersion.$id == version.requireID()).first() else {
            throw Abort(.gone, reason: "An administrator erased this file's content. The record that it existed is kept on the document's page.")
        }
        try await EvidenceReadLog.record(req, documentID: try document.requireID(), version: number)
        let response = Response.download([UInt8](content.bytes), type: version.contentType, name: version.fileName)
        response.headers.replaceOrAdd(name: .contentDisposition, value: AttachmentPolicy.contentDisposition(version.fileName))
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return response
    }

    func withdraw(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let document = try await req.find(EvidenceDocument.self, "documentID")
        let form = try req.content.decode([String: String].self)
        switch try await EvidenceService(db: req.db, user: user).withdraw(documentID: try document.requireID(), version: form["version"].flatMap(Int.init) ?? 0, reason: form["reason"] ?? "") {
        case .saved: return req.redirect(to: "/evidence/\(try document.requireID())")
        case .invalid(let errors): return Response.html(try await EvidencePage.render(req, document: document, errors: errors, conflict: nil), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(EvidenceDocument.self, "documentID")
            return Response.html(try await EvidencePage.render(req, document: fresh, errors: [], conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    func addNote(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let document = try await req.find(EvidenceDocument.self, "documentID")
        let form = try req.content.decode([String: String].self)
        let result = try await ReviewerNoteService(db: req.db, user: user).add(documentID: try document.requireID(), text: form["note"] ?? "", now: req.application.now())
        guard case .saved = result else { return Response.html(try await EvidencePage.render(req, document: document, errors: result.errors, conflict: nil), status: .unprocessableEntity) }
        return req.redirect(to: "/evidence/\(try document.requireID())#notes")
    }

    func purge(req: Request) async throws -> Response {
        let user = try req.authorize(.purgeEvidence)
        let document = try await req.find(EvidenceDocument.self, "documentID")
        let form = try req.content.decode([String: String].self)
        let result = try await EvidenceService(db: req.db, user: user).purge(documentID: try document.requireID(), reason: form["purge_reason"] ?? "")
        guard case .saved = result else { return Response.html(try await EvidencePage.render(req, document: document, errors: result.errors, conflict: nil), status: .unprocessableEntity) }
        return req.redirect(to: "/evidence/\(try document.requireID())#versions")
    }
}
