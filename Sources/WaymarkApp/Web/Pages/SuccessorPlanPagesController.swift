import Fluent
import Vapor
import WaymarkCore

/// `/plans/:planID/successor`: the performance team starts a new plan from one that is ending,
/// choosing which open milestones carry forward, and the old plan closes with its figures frozen.
struct SuccessorPlanPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "successor", use: form)
        routes.post("plans", ":planID", "successor", use: start)
    }

    /// The form as typed: kept whole when it is shown again with its errors.
    struct Entry {
        var title = ""
        var periodLabel = ""
        var closingOn: String
        var carry: Set<Int>
        var version: Int
    }

    func form(req: Request) async throws -> HTML {
        try req.authorize(.manageReporting)
        let plan = try await req.plan()
        let open = try await OpenMilestones.load(plan, on: req.db)
        let entry = Entry(closingOn: AsOf.today().iso, carry: Set(open.milestones.compactMap(\.id)), version: plan.settingsVersion)
        return try await page(req, plan, open: open, entry: entry, errors: [])
    }

    func start(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let plan = try await req.plan()
        let planID = try plan.requireID()
        let form = try req.content.decode([String: String].self)
        let entry = Entry(title: form["title"] ?? "", periodLabel: form["period_label"] ?? "", closingOn: (form["closing_on"] ?? "").trimmingCharacters(in: .whitespaces),
                          carry: Set(FormFields.ticked(form, prefix: "carry_")), version: Int(form["version"] ?? "") ?? -1)
        let closingOn = CalendarDate(iso: entry.closingOn)
        guard let closingOn else {
            // The service cannot run without a day, so its own checks of the text are shown alongside.
            let errors = SuccessorPlanService.problems(title: entry.title.trimmingCharacters(in: .whitespaces), periodLabel: entry.periodLabel.isEmpty ? nil : entry.periodLabel)
                + [FieldError(field: "closing_on", message: entry.closingOn.isEmpty ? "Enter the day the plan closes" : "The closing day must be a real date, such as 2018-03-31")]
            return Response.html(try await page(req, plan, open: try await OpenMilestones.load(plan, on: req.db), entry: entry, errors: errors), status: .unprocessableEntity)
        }
        let result = try await SuccessorPlanService(db: req.db, user: user).start(
            fromPlanID: planID, title: entry.title, periodLabel: entry.periodLabel, carry: entry.carry, closingOn: closingOn, version: entry.version)
        switch result {
        case .saved(let newID): return req.redirect(to: "/plans/\(newID)?successor=1")
        case .invalid(let errors):
            return Response.html(try await page(req, plan, open: try await OpenMilestones.load(plan, on: req.db), entry: entry, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.plan()
            var current = entry
            current.version = version
            return Response.html(try await page(req, fresh, open: try await OpenMilestones.load(fresh, on: req.db), entry: current, errors: [],
                                                conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    private func page(_ req: Request, _ plan: Plan, open: OpenMilestones, entry: Entry, errors: [FieldError], conflict: HTML = "") async throws -> HTML {
        let planID = try plan.requireID()
        let body: HTML
        if plan.state == .closed {
            // A closed plan is never offered the form again; it says where its work went instead.
            body = try await SuccessorNotices.closedNotice(plan, on: req.db, id: "successor")
        } else {
            body = """
            <p>The new plan takes the milestones you choose, with their areas, activities, lead officers and deadlines. \
            Each keeps a link to the milestone it came from, where its history stays. This plan is then closed, \
            and its final figures are kept as they stand on the closing day.</p>
            <form method="post" action="/plans/\(planID)/successor" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
              <input type="hidden" name="version" value="\(entry.version)">
              \(Self.wideField("title", "Title of the new plan", hint: "Such as Improvement Plan 2018-19. It must differ from every other plan's title.", value: entry.title, errors: errors))
              \(MilestoneUpdateForm.textField("period_label", "Period (optional)", hint: "As the council writes it, such as 2018-19", value: entry.periodLabel, errors: errors))
              \(MilestoneUpdateForm.dateField("closing_on", "Day this plan closes", hint: "This plan's final figures are worked out for this day and then kept as they are", value: entry.closingOn, errors: errors))
              \(open.checkboxes(checked: entry.carry, errors: errors))
              <button class="button" type="submit">Start the new plan and close this one</button>
            </form>
            """
        }
        return Layout.page("Start a successor plan – \(plan.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        \(conflict)
        <span class="caption">\(plan.title)</span>
        <h1>Start a successor plan</h1>
        \(body)
        """)
    }

    /// A text field as wide as a plan's title needs.
    static func wideField(_ name: String, _ label: String, hint: String, value: String, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts(name, hint: hint, errors: errors)
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<input class=\"input input--width-20\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" type=\"text\" value=\"\(value)\"\(p.describedBy)></div>"
    }
}

/// A plan's open milestones grouped by area, as the form lists them.
struct OpenMilestones {
    struct Group { var area: String; var items: [(id: Int, label: String)] }
    var milestones: [Milestone]
    var groups: [Group]

    static func load(_ plan: Plan, on db: any Database) async throws -> OpenMilestones {
        let planID = try plan.requireID()
        let milestones = try await Milestone.query(on: db).filter(\.$plan.$id == planID).filter(\.$lifecycle == .active).filter(\.$completedDate == nil)
            .with(\.$leads).sort(\.$position).sort(\.$id).all()
        let activities = try await Activity.query(on: db).filter(\.$plan.$id == planID).all()
        let areas = try await Area.query(on: db).filter(\.$plan.$id == planID).sort(\.$position).sort(\.$id).all()
        let activity = Dictionary(activities.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = areas.compactMap { area -> Group? in
            let inArea = milestones.filter { activity[$0.$activity.id]?.$area.id == area.id }
                .sorted { (activity[$0.$activity.id]?.number ?? 0, $0.position) < (activity[$1.$activity.id]?.number ?? 0, $1.position) }
            guard !inArea.isEmpty else { return nil }
            return Group(area: area.name, items: inArea.map { m in
                let ref = m.reference ?? activity[m.$activity.id].map { "Activity \($0.label)" } ?? ""
                return (m.id ?? 0, "\(ref.isEmpty ? "" : ref + ": ")\(m.title) (\(m.deadlineText); \(m.leads.map(\.name).joined(separator: ", ")))")
            })
        }
        return OpenMilestones(milestones: milestones, groups: groups)
    }

    /// GOV.UK checkboxes: one fieldset for the choice, with one inside it per area, so each box
    /// is read out with its area. The first box carries the field's id for the error summary.
    func checkboxes(checked: Set<Int>, errors: [FieldError]) -> HTML {
        let hint = groups.isEmpty ? "This plan has no open milestones: every one is completed or withdrawn."
            : "Every open milestone is ticked. Untick any that end with this plan. Completed and withdrawn milestones stay in this plan."
        let p = MilestoneUpdateForm.fieldParts("carry", hint: hint, errors: errors)
        var first = true
        let sets = groups.map { group -> HTML in
            let boxes = group.items.map { item -> HTML in
                let id = first ? "carry" : "carry_\(item.id)"
                first = false
                return """
                <div class="checkboxes__item"><input class="checkboxes__input" id="\(id)" name="carry_\(item.id)" type="checkbox" value="yes"\(checked.contains(item.id) ? HTML(" checked") : "")>\
                <label class="label checkboxes__label" for="\(id)">\(item.label)</label></div>
                """
            }
            return "<fieldset class=\"fieldset\"><legend class=\"fieldset__legend\">\(group.area) (\(group.items.count) open)</legend><div class=\"checkboxes\">\(boxes)</div></fieldset>"
        }
        return """
        <div class="\(p.group)"><fieldset class="fieldset"\(p.describedBy)><legend class="fieldset__legend"><h2>Milestones to carry forward</h2></legend>\(p.error)\(sets)</fieldset></div>
        """
    }
}
