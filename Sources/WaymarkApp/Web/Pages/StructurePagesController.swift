import Fluent
import Vapor
import WaymarkCore

/// The performance team's view of a plan's structure: add, edit, reorder and withdraw.
struct StructurePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "structure", use: outline)
        routes.post("plans", ":planID", "areas", use: addArea)
        routes.post("areas", ":areaID", "activities", use: addActivity)
        routes.post("areas", ":areaID", "rename", use: renameArea)
        routes.post("areas", ":areaID", "move", use: moveArea)
        routes.post("activities", ":activityID", "rename", use: renameActivity)
        routes.post("activities", ":activityID", "move", use: moveActivity)
        routes.get("activities", ":activityID", "milestones", "new", use: newMilestone)
        routes.post("activities", ":activityID", "milestones", use: createMilestone)
        routes.get("milestones", ":milestoneID", "edit", use: editMilestone)
        routes.post("milestones", ":milestoneID", "edit", use: saveMilestone)
        routes.post("milestones", ":milestoneID", "move", use: move)
        routes.post("milestones", ":milestoneID", "withdraw", use: withdraw)
        routes.post("milestones", ":milestoneID", "reinstate", use: reinstate)
    }

    func outline(req: Request) async throws -> HTML {
        try req.authorize(.editStructure)
        return try await outlinePage(req, planID: try await req.plan().requireID(), errors: [])
    }

    private func outlinePage(_ req: Request, planID: Int, errors: [FieldError]) async throws -> HTML {
        guard let plan = try await Plan.find(planID, on: req.db) else { throw Abort(.notFound, reason: "There is no such plan.") }
        let areas = try await Area.query(on: req.db).filter(\.$plan.$id == planID).sort(\.$position).sort(\.$id)
            .with(\.$activities) { $0.with(\.$milestones) }.all()
        let token = CSRF.token(for: req)
        let sections = areas.map { area -> HTML in
            let activities = area.activities.sorted { $0.number < $1.number }.map { activity -> HTML in
                let milestones = activity.milestones.sorted { ($0.position, $0.id ?? 0) < ($1.position, $1.id ?? 0) }
                let rows = milestones.map { m -> HTML in
                    let state: HTML = m.lifecycle == .withdrawn ? " \(Layout.statusTag("Withdrawn", key: "withdrawn"))" : ""
                    return """
                    <tr><td><a href="/milestones/\(m.id ?? 0)">\(m.title)</a>\(state)</td><td>\(m.deadlineText)</td>
                    <td><a href="/milestones/\(m.id ?? 0)/edit">Edit<span class="visually-hidden"> \(m.title)</span></a></td>
                    <td><form method="post" action="/milestones/\(m.id ?? 0)/move" class="inline-form">\(Layout.csrfField(token))
                      <button class="link-button" name="direction" value="up">Up<span class="visually-hidden"> \(m.title)</span></button>
                      <button class="link-button" name="direction" value="down">Down<span class="visually-hidden"> \(m.title)</span></button></form></td></tr>
                    """
                }
                return """
                <h3>\(activity.label). \(activity.title)</h3>
                <form method="post" action="/activities/\(activity.id ?? 0)/move" class="inline-form">\(Layout.csrfField(token))
                  <button class="link-button" name="direction" value="up">Move activity \(activity.label) up</button>
                  <button class="link-button" name="direction" value="down">Move activity \(activity.label) down</button></form>
                <form method="post" action="/activities/\(activity.id ?? 0)/rename">\(Layout.csrfField(token))
                  <div class="form-group"><label class="label" for="activity-\(activity.id ?? 0)">Title of activity \(activity.label)</label>
                  <input class="input input--width-20" id="activity-\(activity.id ?? 0)" name="title" value="\(activity.title)"></div>
                  <button class="button button--secondary" type="submit">Rename activity \(activity.label)</button></form>
                <table class="table"><caption class="visually-hidden">Milestones of activity \(activity.label)</caption>
                <thead><tr><th scope="col">Milestone</th><th scope="col">Deadline</th><th scope="col"><span class="visually-hidden">Edit</span></th><th scope="col">Order</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                <p><a href="/activities/\(activity.id ?? 0)/milestones/new">Add a milestone to activity \(activity.label)</a></p>
                """
            }
            return """
            <h2>\(area.name)</h2>
            <form method="post" action="/areas/\(area.id ?? 0)/move" class="inline-form">\(Layout.csrfField(token))
              <button class="link-button" name="direction" value="up">Move \(area.name) up</button>
              <button class="link-button" name="direction" value="down">Move \(area.name) down</button></form>
            <form method="post" action="/areas/\(area.id ?? 0)/rename">\(Layout.csrfField(token))
              <div class="form-group"><label class="label" for="area-\(area.id ?? 0)">Name of the area</label>
              <input class="input input--width-20" id="area-\(area.id ?? 0)" name="name" value="\(area.name)"></div>
              <button class="button button--secondary" type="submit">Rename area</button></form>
            \(activities)
            <form method="post" action="/areas/\(area.id ?? 0)/activities">\(Layout.csrfField(token))
              <div class="form-group"><label class="label" for="activity_title-\(area.id ?? 0)">New activity in \(area.name)</label>
              <input class="input input--width-20" id="activity_title-\(area.id ?? 0)" name="activity_title"></div>
              <button class="button button--secondary" type="submit">Add activity</button></form>
            """
        }
        return Layout.page("Plan structure – \(plan.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        <span class="caption">Plan structure</span>
        <h1>\(plan.title)</h1>
        \(sections)
        <h2>Add an area</h2>
        <form method="post" action="/plans/\(planID)/areas">\(Layout.csrfField(token))
          <div class="form-group"><label class="label" for="area_name">Area name</label><input class="input input--width-20" id="area_name" name="area_name"></div>
          <button class="button" type="submit">Add area</button></form>
        """)
    }

    /// Makes a change from the outline page, then shows the outline again: with the change, or
    /// with an error summary whose links go to the field (`fieldID`) that needs correcting.
    private func change(_ req: Request, planID: Int, fieldID: String, _ work: () async throws -> [FieldError]) async throws -> Response {
        let problems = try await work()
        guard problems.isEmpty else {
            let errors = problems.map { FieldError(field: fieldID, message: $0.message) }
            return Response.html(try await outlinePage(req, planID: planID, errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/plans/\(planID)/structure")
    }

    private func field(_ req: Request, _ name: String) -> String {
        (try? req.content.get(String.self, at: name)) ?? ""
    }

    func addArea(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let planID = try await req.plan().requireID()
        return try await change(req, planID: planID, fieldID: "area_name") {
            try await PlanStructureService(db: req.db, user: user).addArea(to: planID, name: field(req, "area_name")).errors
        }
    }

    func addActivity(req: Request) async throws -> Response {
        let (user, area) = try await areaAndUser(req)
        return try await change(req, planID: area.$plan.id, fieldID: "activity_title-\(area.id ?? 0)") {
            try await PlanStructureService(db: req.db, user: user).addActivity(to: try area.requireID(), title: field(req, "activity_title")).errors
        }
    }

    func renameArea(req: Request) async throws -> Response {
        let (user, area) = try await areaAndUser(req)
        return try await change(req, planID: area.$plan.id, fieldID: "area-\(area.id ?? 0)") {
            try await PlanStructureService(db: req.db, user: user).renameArea(try area.requireID(), to: field(req, "name")).errors
        }
    }

    func moveArea(req: Request) async throws -> Response {
        let (user, area) = try await areaAndUser(req)
        return try await change(req, planID: area.$plan.id, fieldID: "") {
            try await PlanStructureService(db: req.db, user: user).moveArea(try area.requireID(), up: field(req, "direction") == "up")
            return []
        }
    }

    func renameActivity(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let activity = try await activity(req)
        return try await change(req, planID: activity.$plan.id, fieldID: "activity-\(activity.id ?? 0)") {
            try await PlanStructureService(db: req.db, user: user).renameActivity(try activity.requireID(), to: field(req, "title")).errors
        }
    }

    func moveActivity(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let activity = try await activity(req)
        return try await change(req, planID: activity.$plan.id, fieldID: "") {
            try await PlanStructureService(db: req.db, user: user).moveActivity(try activity.requireID(), up: field(req, "direction") == "up")
            return []
        }
    }

    private func areaAndUser(_ req: Request) async throws -> (User, Area) {
        let user = try req.authorize(.editStructure)
        guard let id = req.parameters.get("areaID").flatMap(Int.init), let area = try await Area.find(id, on: req.db) else { throw Abort(.notFound) }
        return (user, area)
    }

    func newMilestone(req: Request) async throws -> HTML {
        try req.authorize(.editStructure)
        let activity = try await activity(req)
        return MilestoneEditForm.page(req, heading: "Add a milestone to activity \(activity.label)", action: "/activities/\(activity.id ?? 0)/milestones",
                                      input: .init(), errors: [], milestone: nil)
    }

    func createMilestone(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let activity = try await activity(req)
        let input = try MilestoneEditForm.input(req)
        let result = try await PlanStructureService(db: req.db, user: user).addMilestone(to: try activity.requireID(), input)
        guard case .saved(let id) = result else {
            return Response.html(MilestoneEditForm.page(req, heading: "Add a milestone to activity \(activity.label)",
                                                        action: "/activities/\(activity.id ?? 0)/milestones", input: input, errors: result.errors, milestone: nil),
                                 status: .unprocessableEntity)
        }
        return req.redirect(to: "/milestones/\(id)")
    }

    func editMilestone(req: Request) async throws -> HTML {
        try req.authorize(.editStructure)
        let loaded = try await req.milestoneRecord()
        let m = loaded.milestone
        let input = PlanStructureService.MilestoneInput(title: m.title, deadline: m.deadlineText,
                                                        leads: loaded.leads.map(\.name).joined(separator: " / "), version: m.version)
        return MilestoneEditForm.page(req, heading: "Edit milestone", action: "/milestones/\(m.id ?? 0)/edit", input: input, errors: [], milestone: m)
    }

    func saveMilestone(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let loaded = try await req.milestoneRecord()
        let input = try MilestoneEditForm.input(req)
        return try await outcome(req, try await PlanStructureService(db: req.db, user: user).editMilestone(try loaded.milestone.requireID(), input), loaded,
                                 input: input)
    }

    func move(req: Request) async throws -> Response {
        let user = try req.authorize(.editStructure)
        let loaded = try await req.milestoneRecord()
        let up = (try? req.content.get(String.self, at: "direction")) == "up"
        try await PlanStructureService(db: req.db, user: user).moveMilestone(try loaded.milestone.requireID(), up: up)
        return req.redirect(to: "/plans/\(loaded.plan.id ?? 0)/structure")
    }

    func withdraw(req: Request) async throws -> Response {
        let user = try req.authorize(.withdrawMilestone)
        let loaded = try await req.milestoneRecord()
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        let version = (try? req.content.get(Int.self, at: "version")) ?? -1
        let m = loaded.milestone
        let asStored = PlanStructureService.MilestoneInput(title: m.title, deadline: m.deadlineText, leads: loaded.leads.map(\.name).joined(separator: " / "),
                                                           version: m.version)
        return try await outcome(req, try await PlanStructureService(db: req.db, user: user).setWithdrawn(try m.requireID(), reason: reason, version: version),
                                 loaded, input: asStored)
    }

    func reinstate(req: Request) async throws -> Response {
        let user = try req.authorize(.withdrawMilestone)
        let loaded = try await req.milestoneRecord()
        let version = (try? req.content.get(Int.self, at: "version")) ?? -1
        let m = loaded.milestone
        let asStored = PlanStructureService.MilestoneInput(title: m.title, deadline: m.deadlineText, leads: loaded.leads.map(\.name).joined(separator: " / "),
                                                           version: m.version)
        return try await outcome(req, try await PlanStructureService(db: req.db, user: user).setWithdrawn(try m.requireID(), reason: nil, version: version),
                                 loaded, input: asStored)
    }

    /// The edit form again with what to fix, or the milestone, or the page that says someone else got there first.
    private func outcome(_ req: Request, _ result: WriteResult<Int>, _ loaded: MilestoneRecord,
                         input: PlanStructureService.MilestoneInput) async throws -> Response {
        switch result {
        case .saved:
            return req.redirect(to: "/milestones/\(loaded.milestone.id ?? 0)")
        case .invalid(let errors):
            return Response.html(MilestoneEditForm.page(req, heading: "Edit milestone", action: "/milestones/\(loaded.milestone.id ?? 0)/edit",
                                                        input: input, errors: errors, milestone: loaded.milestone), status: .unprocessableEntity)
        case .conflict(let changedBy, let at, _):
            let when = at.map(MilestoneUpdateForm.timestamp) ?? "recently"
            return Response.html(Layout.page("This milestone has changed", context: req.layoutContext, """
            <h1>This milestone was changed by \(changedBy) at \(when) since you opened it</h1>
            <p>Your change has not been saved, so nothing has been overwritten. <a href="/milestones/\(loaded.milestone.id ?? 0)">See the milestone as it is now</a>, then make your change again.</p>
            """), status: .conflict)
        }
    }

    private func activity(_ req: Request) async throws -> Activity {
        guard let id = req.parameters.get("activityID").flatMap(Int.init), let activity = try await Activity.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such activity.")
        }
        return activity
    }
}
