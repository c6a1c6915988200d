import Fluent
import Vapor
import WaymarkCore

/// Publishing a closed period: the preview of exactly what the public will see, the approval of
/// each milestone's commentary for the public, publishing, and withdrawing a publication.
struct PublishPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("periods", ":periodID", "publish", use: preview)
        routes.get("periods", ":periodID", "publish", "areas", ":area", use: previewArea)
        routes.post("periods", ":periodID", "publish", use: publish)
        routes.post("periods", ":periodID", "public-commentary", use: approve)
        routes.post("publications", ":publicationID", "withdraw", use: withdraw)
    }

    func preview(req: Request) async throws -> HTML {
        try req.authorize(.manageReporting)
        return try await page(req, period: try await PeriodPagesController.period(req), errors: [])
    }

    /// An area's page exactly as the public would see it, before publishing.
    func previewArea(req: Request) async throws -> HTML {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let (_, content) = try await Self.content(req, periodID: try period.requireID(), actor: AuditLog.actor(user))
        guard let index = req.parameters.get("area").flatMap(Int.init), content.areas.indices.contains(index - 1) else { throw Abort(.notFound) }
        let area = content.areas[index - 1]
        let pages = max(1, (area.milestones.count + PublicPagesController.pageSize - 1) / PublicPagesController.pageSize)
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        guard page <= pages else { throw Abort(.notFound) }
        let draft = Publication()
        draft.publishedAt = req.application.now()
        return Layout.page("Preview: \(area.name)", context: req.layoutContext, """
        <div class="notification" role="region" aria-label="Preview"><p>This is a preview of what the public will see once \(content.period) is published. <a href="/periods/\(try period.requireID())/publish">Back to publishing</a></p></div>
        \(PublicationPage.area(draft, content: content, index: index, page: page, pages: pages, base: .preview(periodID: try period.requireID())))
        """)
    }

    private static func content(_ req: Request, periodID: Int, actor: String) async throws -> (PeriodReport, PublicationContent) {
        do { return try await PublicationService(db: req.db, actor: actor, council: req.application.settings.councilName).preview(periodID: periodID, today: AsOf.today(req.application.now())) } catch let refused as WriteRefusal {
            throw Abort(.conflict, reason: refused.message)
        }
    }

    private func page(_ req: Request, period: PlanReportingPeriod, errors: [FieldError], notice: HTML = "") async throws -> HTML {
        let user = try req.requireUser()
        let id = try period.requireID()
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let (report, content) = try await Self.content(req, periodID: id, actor: AuditLog.actor(user))
        let draft = Publication()
        draft.publishedAt = req.application.now()
        let plan = try await Plan.find(report.planID, on: req.db) ?? Plan(title: report.planTitle)
        let approved = Dictionary(try await PublicCommentary.query(on: req.db).filter(\.$period.$id == id).all().map { ($0.$milestone.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        let rows = report.lines.filter { ($0.commentary ?? "").isEmpty == false }.map { line -> HTML in
            let field = "public-\(line.milestoneID)"
            return """
            <tr><td>\(line.ref)</td><td>\(line.title)</td><td>\(BoardPackHTML.paragraphs(line.commentary ?? ""))</td><td>
            <form method="post" action="/periods/\(id)/public-commentary" novalidate>\(csrf)<input type="hidden" name="milestone_id" value="\(line.milestoneID)">
            <input type="hidden" name="drawn_from" value="\(PublicCommentary.digest(approved[line.milestoneID]))">
            \(MilestoneUpdateForm.textarea(field, "Public commentary for \(line.ref)", hint: "Write a public version, or approve the Board's words as written. Leave blank for “No public update this quarter”.", value: approved[line.milestoneID] ?? "", errors: errors))
            <div class="button-group"><button class="button button--secondary" type="submit">Save<span class="visually-hidden"> public commentary for \(line.ref)</span></button>
            <button class="button button--secondary" type="submit" name="as_written" value="1">Approve as written<span class="visually-hidden"> for \(line.ref)</span></button></div></form></td></tr>
            """
        }
        let earlier = try await Publication.query(on: req.db).filter(\.$period.$id == id).sort(\.$id).all()
        let published = earlier.map { p -> HTML in
            let withdraw: HTML = p.withdrawnAt == nil ? """
                <form method="post" action="/publications/\(p.id ?? 0)/withdraw" novalidate>\(csrf)
                \(MilestoneUpdateForm.textarea("reason", "Why withdraw publication \(p.id ?? 0)?", hint: "The public notice says so.", value: "", errors: errors))
                <button class="button button--warning" type="submit">Withdraw publication \(p.id ?? 0)</button></form>
                """ : "Withdrawn: \(p.withdrawnReason ?? "")"
            return "<li><a href=\"/public/publications/\(p.id ?? 0)\">Publication \(p.id ?? 0)</a>, \(MilestoneUpdateForm.timestamp(p.publishedAt)) by \(p.publishedBy). \(withdraw)</li>"
        }
        let alreadyThisClosing = earlier.contains { $0.closing == report.closing }
        return Layout.page("Publish \(report.period.label)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans/\(report.planID)", report.planTitle), ("/periods/\(id)", report.period.label)]))
        <h1>Publish \(report.period.label) to the public pages</h1>
        \(notice)
        \(published.isEmpty ? HTML("") : "<h2>Publications of this period</h2><ul class=\"list\">\(published)</ul>")
        <h2>Commentary for the public</h2>
        <p>Each milestone's commentary was written for the Board. It is published only where you approve it here, as written or in a public version; otherwise the public page says "No public update this quarter".</p>
        \(rows.isEmpty ? HTML("<p>No milestone has commentary this period.</p>") : """
        <table class="table"><caption class="visually-hidden">Commentary for the Board, and for the public</caption>
        <thead><tr><th scope="col">Ref</th><th scope="col">Milestone</th><th scope="col">Commentary for the Board</th><th scope="col">For the public</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        <h2>Preview: exactly what the public will see</h2>
        <p>Each area's page, with its milestones and their public commentary, is previewed from the links in the table.</p>
        <div class="preview">\(PublicationPage.body(draft, content: content, plan: plan, publicBase: req.application.settings.publicBase, base: .preview(periodID: id)))</div>
        \(alreadyThisClosing ? HTML("<p>This closing of the period is already published. Reopen and close the period again to publish a new version.</p>") : """
        <form method="post" action="/periods/\(id)/publish" novalidate>\(csrf)<button class="button" type="submit">Publish \(report.period.label)</button></form>
        """)
        """)
    }

    func publish(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let result: WriteResult<Publication>
        do { result = try await PublicationService(db: req.db, actor: AuditLog.actor(user), council: req.application.settings.councilName).publish(periodID: try period.requireID(), today: AsOf.today(req.application.now()), now: req.application.now()) } catch let refused as WriteRefusal where refused.kind == .withdrawn {
            throw Abort(.conflict, reason: refused.message)
        }
        guard case .saved(let publication) = result else { return Response.html(try await page(req, period: period, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/public/publications/\(try publication.requireID())")
    }

    func approve(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let period = try await PeriodPagesController.period(req)
        let form = try req.content.decode([String: String].self)
        guard let milestoneID = form["milestone_id"].flatMap(Int.init) else { throw Abort(.badRequest, reason: "Say which milestone") }
        let periodID = try period.requireID()
        var text = form["public-\(milestoneID)"] ?? ""
        if form["as_written"] == "1" {
            // The Board's words as the frozen snapshot holds them, not as they stand today.
            let report = try await PeriodReport.build(periodID: periodID, today: AsOf.today(req.application.now()), on: req.db)
            text = report?.lines.first { $0.milestoneID == milestoneID }?.commentary ?? ""
            // Approving nothing "as written" would take away a public version someone wrote.
            if text.isEmpty { return Response.html(try await page(req, period: period, errors: [.init(field: "public-\(milestoneID)", message: "This milestone has no commentary for the Board this period to approve as written")]), status: .unprocessableEntity) }
        }
        switch try await PublicationService(db: req.db, actor: AuditLog.actor(user), council: req.application.settings.councilName).approveCommentary(
            milestoneID: milestoneID, periodID: periodID, text: text, drawnFrom: form["drawn_from"], now: req.application.now()) {
        case .saved: return req.redirect(to: "/periods/\(periodID)/publish")
        case .invalid(let errors): return Response.html(try await page(req, period: period, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, _): return Response.html(try await page(req, period: period, errors: [], notice: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    func withdraw(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let publication = try await req.find(Publication.self, "publicationID")
        let form = try req.content.decode([String: String].self)
        let result = try await PublicationService(db: req.db, actor: AuditLog.actor(user), council: req.application.settings.councilName).withdraw(publicationID: try publication.requireID(), reason: form["reason"] ?? "", now: req.application.now())
        guard case .saved = result, let period = try await PlanReportingPeriod.find(publication.$period.id, on: req.db) else {
            let period = try await PlanReportingPeriod.find(publication.$period.id, on: req.db)
            guard let period else { throw Abort(.notFound) }
            return Response.html(try await page(req, period: period, errors: result.errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/periods/\(try period.requireID())/publish")
    }
}
