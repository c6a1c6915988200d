import Fluent
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
        let counts = Dictionary(grouping: try await MilestoneLead.query(on: req.db).all(), by: { $0.$person.id }).mapValues(\.count)
        let accounts = Dictionary(grouping: try await User.query(on: req.db).filter(\.$person.$id != nil).all(), by: { $0.$person.id ?? 0 })
        let rows = people.map { p -> HTML in
            let id = p.id ?? 0
            return """
            <tr><td><a href="/people/\(id)">\(p.name)</a></td><td>\(p.jobTitle ?? "")</td><td>\(p.email ?? "")</td>
            <td class="numeric">\(counts[id] ?? 0)</td><td>\(accounts[id]?.map(\.email).joined(separator: ", ") ?? "None")</td></tr>
            """
        }
        return Layout.page("Lead officers", context: req.layoutContext, errors: errors, """
        <h1>Lead officers</h1>
        <table class="table"><caption class="visually-hidden">Lead officers</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Job title</th><th scope="col">Email</th><th scope="col" class="numeric">Milestones led</th><th scope="col">Account</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <h2>Add a lead officer</h2>
        \(try await fields(req, action: "/people", input: form, errors: errors, button: "Add lead officer"))
        """)
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.managePeople)
        let input = try req.content.decode(Form.self).input
        do {
            let id = try await PeopleService(db: req.db, user: user).save(input, personID: nil)
            return req.redirect(to: "/people/\(id)")
        } catch let invalid as PeopleService.Invalid {
            return Response.html(try await indexPage(req, form: input, errors: invalid.errors), status: .unprocessableEntity)
        }
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
        do {
            _ = try await PeopleService(db: req.db, user: user).save(input, personID: try person.requireID())
            return req.redirect(to: "/people")
        } catch let invalid as PeopleService.Invalid {
            return Response.html(try await editPage(req, person: person, input: input, errors: invalid.errors), status: .unprocessableEntity)
        }
    }

    private func editPage(_ req: Request, person: Person, input: PeopleService.Input, errors: [FieldError]) async throws -> HTML {
        Layout.page(person.name, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/people", "Lead officers")]))
        <h1>\(person.name)</h1>
        \(try await fields(req, action: "/people/\(person.id ?? 0)", input: input, errors: errors, button: "Save"))
        """)
    }

    private func fields(_ req: Request, action: String, input: PeopleService.Input, errors: [FieldError], button: String) async throws -> HTML {
        let accounts = try await User.query(on: req.db).filter(\.$role == .leadOfficer).sort(\.$email).all()
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
