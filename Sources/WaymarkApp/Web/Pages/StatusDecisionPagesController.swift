import Fluent
import Vapor
import WaymarkCore

/// The performance team's form for a status set by decision ("Suspended", with the Board's
/// minute), and for clearing one so the dates decide again.
struct StatusDecisionPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("milestones", ":milestoneID", "decision", use: form)
        routes.post("milestones", ":milestoneID", "decision", use: decide)
    }

    struct Entry { var status: String; var reason: String; var version: Int }

    func form(req: Request) async throws -> HTML {
        try req.authorize(.manageReporting)
        let loaded = try await req.milestoneRecord()
        let m = loaded.milestone
        return try page(req, loaded, entry: Entry(status: m.decidedStatus ?? "", reason: "", version: m.version), errors: [])
    }

    func decide(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let loaded = try await req.milestoneRecord()
        let form = try req.content.decode([String: String].self)
        let status = (form["status"] ?? "").trimmingCharacters(in: .whitespaces)
        let entry = Entry(status: status, reason: form["reason"] ?? "", version: Int(form["version"] ?? "") ?? -1)
        let input = StatusDecisionService.Input(milestoneID: try loaded.milestone.requireID(), version: entry.version,
                                                status: status.isEmpty || status == "dates" ? nil : status, reason: entry.reason)
        switch try await StatusDecisionService(db: req.db, user: user).decide(input, today: AsOf.today()) {
        case .saved: return req.redirect(to: "/milestones/\(input.milestoneID)?decided=1")
        case .invalid(let errors): return Response.html(try page(req, loaded, entry: entry, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.milestoneRecord()
            return Response.html(try page(req, fresh, entry: Entry(status: fresh.milestone.decidedStatus ?? "", reason: entry.reason, version: version),
                                          errors: [], conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    private func page(_ req: Request, _ loaded: MilestoneRecord, entry: Entry, errors: [FieldError], conflict: HTML = "") throws -> HTML {
        let m = loaded.milestone, scheme = loaded.plan.scheme, planID = loaded.plan.id ?? 0
        let decisions = scheme.decisionStatuses
        let current: HTML = m.decidedStatus.flatMap { scheme.status($0) }.map { status in
            "<p>It is now \(Layout.statusTag(status.short, key: status.colour)) by decision of \(m.decidedBy ?? "the performance team") on \(m.decidedOn.flatMap { CalendarDate(iso: $0)?.display } ?? "an unrecorded day"): \(m.decidedReason ?? "")</p>"
        } ?? "<p>Its dates decide its status now.</p>"
        let body: HTML
        if decisions.isEmpty {
            body = "<p>This plan's status scheme (\(scheme.name)) has no statuses set by decision. The plan's settings page can choose another scheme.</p>"
        } else {
            let options = decisions.map { (value: $0.code, label: "\($0.short): \(scheme.meaning(of: $0))") }
                + (m.decidedStatus == nil ? [] : [(value: "dates", label: "Clear the decision: let the dates decide again")])
            body = """
            <form method="post" action="/milestones/\(m.id ?? 0)/decision" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            <input type="hidden" name="version" value="\(entry.version)">
            \(FormFields.radios("status", legend: "Status", options: options, selected: entry.status, errors: errors))
            \(MilestoneUpdateForm.textarea("reason", "Reason", hint: "Such as the Board's minute. It is shown beside the status wherever the status is shown, and kept in the audit trail.", value: entry.reason, errors: errors))
            <button class="button" type="submit">Save the decision</button>
            </form>
            """
        }
        return Layout.page("Set a status by decision", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", loaded.plan.title), ("/milestones/\(m.id ?? 0)", m.title)]))
        \(conflict)
        <span class="caption">\(m.title)</span>
        <h1>Set a status by decision</h1>
        \(current)
        <p>A status set by decision stands in place of the one its dates give, in every figure, until it is cleared or the milestone is completed. How late the milestone is against its original deadline is still shown beside it.</p>
        \(body)
        """)
    }
}
