import Fluent
import SQLKit
import Vapor
import WaymarkCore

/// `/people`: the lead officers, their details, and the accounts linked to them.
struct PeoplePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("people", use: index)
        routes.post("people", use: create)
        routes.get("people", ":personID", use: edit)
        routes.post("people", ":personID", use: update)
    }

    struct Form: Content {
        var name: String?
        var job_title: String?
        var email: String?
        var user_id: String?

        var input: PeopleService.Input {
            .init(name: name ?? "", jobTitle: job_title ?? "", email: email ?? "", userID: user_id.flatMap { Int($0) })
        }
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.managePeople)
        return try await indexPage(req, form: .init(), errors: [])
    }

    private func indexPage(_ req: Request, form: PeopleService.Input, errors: [FieldError]) async throws -> HTML {
        let people = try await Person.query(on: req.db).sort(\.$name).all()
        let plans = try await Plan.query(on: req.db).sort(\.$title).all()
        let chosenPlan = req.query[Int.self, at: "plan"]
        // Which plans each person leads milestones in, and how many: withdrawn milestones are not counted.
        struct Led: Decodable { var person_id: Int; var plan_id: Int; var milestones: Int }
        let led = try await req.db.sql.raw("""
            SELECT ml.person_id, m.plan_id, COUNT(*) AS milestones FROM milestone_leads ml JOIN milestones m ON m.id = ml.milestone_id
            WHERE m.lifecycle = \(bind: MilestoneLifecycle.active.rawValue) GROUP BY ml.person_id, m.plan_id
            """).all(decoding: Led.self)
        let byPerson = Dictionary(grouping: led, by: \.person_id)
        let titles = Dictionary(plans.map { ($0.id ?? 0, $0.title) }, uniquingKeysWith: { a, _ in a })
        let accounts = Dictionary(grouping: try await User.query(on: req.db).filter(\.$person.$id != nil).all(), by: { $0.$person.id ?? 0 })
        let shown = chosenPlan.map { plan in people.filter { byPerson[$0.id ?? 0]?.contains { $0.plan_id == plan } == true } } ?? people
        let rows = shown.map { p -> HTML in
            let id = p.id ?? 0
            let leads = (byPerson[id] ?? []).filter { chosenPlan == nil || $0.plan_id == chosenPlan }
                .sorted { (titles[$0.plan_id] ?? "") < (titles[$1.plan_id] ?? "") }
            let planList: HTML = leads.isEmpty ? "None" : HTML(unsafe: leads.map { l in
                "<a href=\"/plans/\(l.plan_id)\">" + HTML.escape(titles[l.plan_id] ?? "Plan \(l.plan_id)") + "</a>"
            }.joined(separator: "<br>"))
            return """
            <tr><td><a href="/people/\(id)">\(p.name)</a></td><td>\(p.jobTitle ?? "")</td><td>\(p.email ?? "")</td>
            <td>\(planList)</td><td class="numeric">\(leads.reduce(0) { $0 + $1.milestones })</td><td>\(accounts[id]?.map(\.email).joined(separator: ", ") ?? "None")</td></tr>
            """
        }
        let filter: HTML = plans.count < 2 ? "" : """
            <form method="get" action="/people" class="filters" aria-label="Filter lead officers by plan">
              \(FormFields.select("plan", "Plan", options: [("", "Every plan")] + plans.map { (String($0.id ?? 0), $0.title) }, selected: chosenPlan.map(String.init) ?? "", errors: []))
              <div class="form-group"><button class="button button--secondary" type="submit">Show</button></div>
            </form>
            """
        return Layout.page("Lead officers", context: req.layoutContext, errors: errors, """
        <h1>Lead officers</h1>
        \(filter)
        <table class="table"><caption class="visually-hidden">Lead officers\(chosenPlan.flatMap { titles[$0] }.map { " of " + $0 } ?? "")</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Job title</th><th scope="col">Email</th><th scope="col">Leads milestones in</th><th scope="col" class="numeric">Milestones led</th><th scope="col">Account</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <h2>Add a lead officer</h2>
        \(try await fields(req, action: "/people", input: form, errors: errors, button: "Add lead officer"))
        """)
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.managePeople)
        let input = try req.content.decode(Form.self).input
        let result = try await PeopleService(db: req.db, user: user).save(input, personID: nil)
        guard case .saved(let id) = result else {
            return Response.html(try await indexPage(req, form: input, errors: result.errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/people/\(id)")
    }

    func edit(req: Request) async throws -> HTML {
        try req.authorize(.managePeople)
        let person = try await person(req)
        let account = try await User.query(on: req.db).filter(\.$person.$id == person.requireID()).first()
        return try await editPage(req, person: person, input: .init(name: person.name, jobTitle: person.jobTitle ?? "", email: person.email ?? "", userID: account?.id), errors: [])
    }

    func update(req: Request) async throws -> Response {
        let user = try req.authorize(.managePeople)
        let person = try await person(req)
        let input = try req.content.decode(Form.self).input
        let result = try await PeopleService(db: req.db, user: user).save(input, personID: try person.requireID())
        guard case .saved = result else {
            return Response.html(try await editPage(req, person: person, input: input, errors: result.errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/people")
    }

    private func editPage(_ req: Request, person: Person, input: PeopleService.Input, errors: [FieldError]) async throws -> HTML {
        Layout.page(person.name, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/people", "Lead officers")]))
        <h1>\(person.name)</h1>
        \(try await fields(req, action: "/people/\(person.id ?? 0)", input: input, errors: errors, button: "Save"))
        """)
    }

    private func fields(_ req: Request, action: String, input: PeopleService.Input, errors: [FieldError], button: String) async throws -> HTML {
        // Only a lead officer's account can speak for a person (the service refuses any other);
        // a disabled one is offered only while it is the one linked.
        let accounts = try await User.query(on: req.db).filter(\.$role == .leadOfficer).sort(\.$email).all()
            .filter { !$0.disabled || $0.id == input.userID }
        let options = accounts.map { a -> HTML in
            "<option value=\"\(a.id ?? 0)\"\(a.id == input.userID ? HTML(" selected") : "")>\(a.displayName) (\(a.email))</option>"
        }
        return """
        <form method="post" action="\(action)" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
          \(MilestoneUpdateForm.textField("name", "Name", hint: "As the plan writes it", value: input.name, errors: errors))
          \(MilestoneUpdateForm.textField("job_title", "Job title (optional)", hint: nil, value: input.jobTitle, errors: errors))
          \(MilestoneUpdateForm.textField("email", "Email address (optional)", hint: nil, value: input.email, errors: errors))
          <div class="form-group"><label class="label" for="user_id">Lead officer account (optional)</label>
            <span class="hint" id="user_id-hint">The account that updates this person's milestones</span>
            <select class="select" id="user_id" name="user_id" aria-describedby="user_id-hint"><option value="">None</option>\(options)</select></div>
          <button class="button" type="submit">\(button)</button>
        </form>
        """
    }

    private func person(_ req: Request) async throws -> Person {
        guard let id = req.parameters.get("personID").flatMap(Int.init), let person = try await Person.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such person.")
        }
        return person
    }
}
