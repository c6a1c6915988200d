import Fluent
import Vapor
import WaymarkCore

/// A plan's registers, and one register with its items. Anyone who reads the plan sees them; the
/// performance team starts registers and adds items.
struct RegisterPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "registers", use: index)
        routes.post("plans", ":planID", "registers", use: create)
        routes.get("registers", ":registerID", use: show)
        routes.post("registers", ":registerID", "items", use: addItem)
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await indexPage(req, plan: try await req.plan(), input: nil, errors: [])
    }

    func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let plan = try await req.plan()
        let form = try req.content.decode([String: String].self)
        let input = RegisterService.RegisterInput(name: form["name"] ?? "", description: form["description"] ?? "",
                                                  areaID: (form["area_id"]).flatMap(Int.init), openStages: form["open_stages"] ?? "",
                                                  closingStages: form["closing_stages"] ?? "")
        switch try await RegisterService(db: req.db, user: user).createRegister(planID: try plan.requireID(), input) {
        case .saved(let id): return req.redirect(to: "/registers/\(id)")
        case .invalid(let errors): return Response.html(try await indexPage(req, plan: plan, input: input, errors: errors), status: .unprocessableEntity)
        case .conflict: return req.redirect(to: "/plans/\(plan.id ?? 0)/registers")
        }
    }

    private func indexPage(_ req: Request, plan: Plan, input: RegisterService.RegisterInput?, errors: [FieldError]) async throws -> HTML {
        let planID = try plan.requireID()
        let registers = try await RegisterReport.registers(planID: planID, on: req.db)
        var summaries: [RegisterSummary] = []
        for register in registers { summaries.append(try await RegisterReport.summary(of: register, from: AsOf.today(), asOf: AsOf.today(), on: req.db)) }
        let rows = zip(registers, summaries).map { register, summary -> HTML in
            "<tr><td><a href=\"/registers/\(register.id ?? 0)\">\(register.name)</a></td><td class=\"numeric\">\(summary.open)</td><td class=\"numeric\">\(summary.total)</td></tr>"
        }
        let list: HTML = registers.isEmpty ? "<p>The plan has no registers yet.</p>" : """
            <table class="table"><caption class="visually-hidden">Registers</caption>
            <thead><tr><th scope="col">Register</th><th scope="col" class="numeric">Open</th><th scope="col" class="numeric">All items</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        var form: HTML = ""
        if let user = req.currentUser, RegisterService.mayManage(user) {
            let areas = try await Area.query(on: req.db).filter(\.$plan.$id == planID).sort(\.$position).all()
            let entry = input ?? .init(name: "", description: "", areaID: nil, openStages: "Received\nScoping\nInformation requested\nInvestigating", closingStages: "Closed")
            form = """
            <h2>Start a register</h2>
            <form method="post" action="/plans/\(planID)/registers" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            \(MilestoneUpdateForm.textField("name", "Name", hint: "Such as \"Clear Up Project allegations\"", value: entry.name, errors: errors))
            \(FormFields.select("area_id", "Belongs to", options: [("", "The whole plan")] + areas.map { (String($0.id ?? 0), $0.name) }, selected: entry.areaID.map(String.init) ?? "", errors: errors))
            \(MilestoneUpdateForm.textarea("description", "Description (optional)", hint: nil, value: entry.description, errors: errors))
            \(MilestoneUpdateForm.textarea("open_stages", "Stages while an item is open", hint: "One a line, in order", value: entry.openStages, errors: errors))
            \(MilestoneUpdateForm.textarea("closing_stages", "Stages that close an item", hint: "One a line, such as \"Closed – no further action\"", value: entry.closingStages, errors: errors))
            <button class="button" type="submit">Start the register</button>
            </form>
            """
        }
        return Layout.page("Registers – \(plan.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        <span class="caption">\(plan.title)</span>
        <h1>Registers</h1>
        <p>Cases the Board follows beside the plan, such as allegations, complaints or audit recommendations, each moving through stages.</p>
        \(list)
        \(form)
        """)
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await registerPage(req, register: try await req.find(Register.self, "registerID"), input: nil, errors: [])
    }

    func addItem(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let register = try await req.find(Register.self, "registerID")
        let form = try req.content.decode([String: String].self)
        let input = RegisterService.ItemInput(reference: form["reference"] ?? "", title: form["title"] ?? "", receivedOn: form["received_on"] ?? "",
                                              stageID: form["stage_id"].flatMap(Int.init), ownerID: form["owner_id"].flatMap(Int.init), notes: form["notes"] ?? "")
        switch try await RegisterService(db: req.db, user: user).addItem(registerID: try register.requireID(), input, today: AsOf.today()) {
        case .saved(let id): return req.redirect(to: "/register-items/\(id)?added=1")
        case .invalid(let errors): return Response.html(try await registerPage(req, register: register, input: input, errors: errors), status: .unprocessableEntity)
        case .conflict: return req.redirect(to: "/registers/\(register.id ?? 0)")
        }
    }

    private func registerPage(_ req: Request, register: Register, input: RegisterService.ItemInput?, errors: [FieldError]) async throws -> HTML {
        let registerID = try register.requireID()
        let plan = try await register.$plan.get(on: req.db)
        let today = AsOf.today()
        let stages = try await RegisterStage.query(on: req.db).filter(\.$register.$id == registerID).sort(\.$position).all()
        let items = try await RegisterItem.query(on: req.db).filter(\.$register.$id == registerID).with(\.$owner).sort(\.$receivedOn).sort(\.$id).all()
        let summary: RegisterSummary? = try await RegisterReport.summary(of: register, from: today, asOf: today, on: req.db)
        let stageName = Dictionary(stages.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let stageRows = (summary?.stages ?? []).map { "<tr><th scope=\"row\">\($0.name)\($0.closes ? " (closed)" : "")</th><td class=\"numeric\">\($0.count)</td></tr>" as HTML }
        let itemRows = items.map { item -> HTML in
            "<tr><td><a href=\"/register-items/\(item.id ?? 0)\">\(item.reference)</a></td><td>\(item.title)</td><td>\(CalendarDate(iso: item.receivedOn)?.display ?? item.receivedOn)</td><td>\(stageName[item.$stage.id] ?? "")</td><td>\(item.owner?.name ?? "")</td></tr>"
        }
        var form: HTML = ""
        if let user = req.currentUser, RegisterService.mayManage(user) {
            let people = try await Person.query(on: req.db).sort(\.$name).all()
            let entry = input ?? .init(reference: "", title: "", receivedOn: today.iso, stageID: stages.first?.id, ownerID: nil, notes: "")
            form = """
            <h2>Add an item</h2>
            <form method="post" action="/registers/\(registerID)/items" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            \(MilestoneUpdateForm.textField("reference", "Reference", hint: "Such as CU-001; each item's reference is its own", value: entry.reference, errors: errors))
            \(MilestoneUpdateForm.textField("title", "Title", hint: nil, value: entry.title, errors: errors))
            \(MilestoneUpdateForm.dateField("received_on", "Received on", hint: nil, value: entry.receivedOn, errors: errors))
            \(FormFields.select("stage_id", "Stage", options: stages.map { (String($0.id ?? 0), $0.name) }, selected: entry.stageID.map(String.init) ?? "", errors: errors))
            \(FormFields.select("owner_id", "Owner (optional)", options: [("", "No one yet")] + people.map { (String($0.id ?? 0), $0.name) }, selected: entry.ownerID.map(String.init) ?? "", errors: errors))
            \(MilestoneUpdateForm.textarea("notes", "Confidential notes (optional)", hint: "Seen only by the performance team and administrators", value: entry.notes, errors: errors))
            <button class="button" type="submit">Add the item</button>
            </form>
            """
        }
        return Layout.page("\(register.name) – \(plan.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(plan.id ?? 0)", plan.title), ("/plans/\(plan.id ?? 0)/registers", "Registers")]))
        <span class="caption">Register</span>
        <h1>\(register.name)</h1>
        \(register.description.isEmpty ? "" : HTML("<p>\(register.description)</p>"))
        <p class="lead">\(summary?.sentence ?? "")</p>
        <table class="table"><caption>Items by stage on \(today.display)</caption>
        <thead><tr><th scope="col">Stage</th><th scope="col" class="numeric">Items</th></tr></thead><tbody>\(stageRows)</tbody></table>
        <h2>Items</h2>
        \(items.isEmpty ? HTML("<p>No items yet.</p>") : HTML("""
        <table class="table"><caption class="visually-hidden">Items</caption>
        <thead><tr><th scope="col">Reference</th><th scope="col">Title</th><th scope="col">Received</th><th scope="col">Stage</th><th scope="col">Owner</th></tr></thead>
        <tbody>\(itemRows)</tbody></table>
        """))
        \(form)
        """)
    }
}
