import Fluent
import Vapor
import WaymarkCore

/// `/directions`: the Secretary of State's Directions, the submissions they require (with a
/// warning 30 days ahead), and the correspondence about them.
struct DirectionsPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("directions", use: index)
        routes.post("directions", use: create)
        routes.get("directions", ":directionID", use: show)
        routes.post("directions", ":directionID", "submissions", use: addSubmission)
        routes.post("submissions", ":submissionID", "made", use: recordMade)
        routes.postLargeForm("directions", ":directionID", "correspondence", maxSize: "25mb", requires: .manageReporting, use: addCorrespondence)
        routes.get("correspondence", ":entryID", "attachment", use: attachment)
    }

    /// When Directions stop applying, in the right tense: "In force until 31 Mar 2019", or
    /// "Expired on 16 Jan 2018" once that day has passed.
    static func expiry(_ direction: Direction, today: CalendarDate) -> String {
        guard let ends = direction.expiresOn.flatMap({ CalendarDate(iso: $0) }) else { return "No expiry recorded" }
        return ends < today ? "Expired on \(ends.display)" : "In force until \(ends.display)"
    }

    static func item(_ s: Submission) -> SubmissionSchedule.Item? {
        guard let due = CalendarDate(iso: s.dueOn) else { return nil }
        return .init(id: s.id ?? 0, title: s.title, due: due, submittedOn: s.submittedOn.flatMap { CalendarDate(iso: $0) })
    }

    func index(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await indexPage(req, input: .init(), errors: [])
    }

    private func indexPage(_ req: Request, input: DirectionsService.DirectionInput, errors: [FieldError]) async throws -> HTML {
        let directions = try await Direction.query(on: req.db).sort(\.$givenOn, .descending).all()
        let today = AsOf.today()
        let rows = directions.map { d -> HTML in
            "<tr><td><a href=\"/directions/\(d.id ?? 0)\">\(d.title)</a></td><td>\(CalendarDate(iso: d.givenOn)?.display ?? d.givenOn)</td><td>\(Self.expiry(d, today: today))</td></tr>"
        }
        let plans = try await Plan.query(on: req.db).sort(\.$title).all()
        let form: HTML = req.currentUser?.access.may(.manageReporting) == true ? """
            <h2>Record Directions</h2>
            <form method="post" action="/directions" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
              \(MilestoneUpdateForm.textField("title", "Title", hint: "For example, Directions of 16 January 2017", value: input.title, errors: errors))
              \(MilestoneUpdateForm.dateField("given_on", "Date given", hint: nil, value: input.givenOn, errors: errors))
              \(MilestoneUpdateForm.dateField("expires_on", "Expiry date (optional)", hint: nil, value: input.expiresOn, errors: errors))
              \(MilestoneUpdateForm.textarea("requirements", "Requirements", hint: "One a line, such as \"Quarterly update reports\" or \"An independent review by June 2018\"", value: input.requirements, errors: errors))
              \(FormFields.select("plan_id", "Plan it concerns (optional)", options: [("", "None")] + plans.map { (String($0.id ?? 0), $0.title) }, selected: input.planID.map(String.init) ?? "", errors: errors))
              <button class="button" type="submit">Record Directions</button>
            </form>
            """ : ""
        return Layout.page("Directions and submissions", context: req.layoutContext, errors: errors, """
        <h1>Directions and submissions</h1>
        \(try await SubmissionWarning.load(on: req.db, today: AsOf.today()).render())
        \(directions.isEmpty ? HTML("<p>No Directions have been recorded.</p>") : """
        <table class="table"><caption class="visually-hidden">Directions</caption>
        <thead><tr><th scope="col">Directions</th><th scope="col">Given</th><th scope="col">Expiry</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        \(form)
        """)
    }

    func create(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let form = try req.content.decode([String: String].self)
        let input = DirectionsService.DirectionInput(title: form["title"] ?? "", givenOn: form["given_on"] ?? "", expiresOn: form["expires_on"] ?? "",
                                                     requirements: form["requirements"] ?? "", planID: form["plan_id"].flatMap(Int.init))
        let result = try await DirectionsService(db: req.db, user: user).createDirection(input)
        guard case .saved(let direction) = result else { return Response.html(try await indexPage(req, input: input, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/directions/\(try direction.requireID())")
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await DirectionPage.render(req, direction: try await req.find(Direction.self, "directionID"), errors: [], failedForm: nil)
    }

    func addSubmission(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let direction = try await req.find(Direction.self, "directionID")
        let form = try req.content.decode([String: String].self)
        let errors = try await DirectionsService(db: req.db, user: user).addSubmission(
            directionID: try direction.requireID(), .init(title: form["title"] ?? "", dueOn: form["due_on"] ?? "", notes: form["notes"] ?? "")).errors
        guard errors.isEmpty else { return Response.html(try await DirectionPage.render(req, direction: direction, errors: errors, failedForm: "submission"), status: .unprocessableEntity) }
        return req.redirect(to: "/directions/\(try direction.requireID())")
    }

    func recordMade(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        guard let id = req.parameters.get("submissionID").flatMap(Int.init), let submission = try await Submission.find(id, on: req.db),
              let direction = try await Direction.find(submission.$direction.id, on: req.db) else { throw Abort(.notFound, reason: "There is no such submission.") }
        let form = try req.content.decode([String: String].self)
        let errors = try await DirectionsService(db: req.db, user: user).recordMade(
            submissionID: id, .init(submittedOn: form["submitted_on-\(id)"] ?? "", periodID: form["period_id-\(id)"].flatMap(Int.init))).errors
        guard errors.isEmpty else {
            return Response.html(try await DirectionPage.render(req, direction: direction, errors: errors.map { .init(field: "\($0.field)-\(id)", message: $0.message) }, failedForm: "made-\(id)"),
                                 status: .unprocessableEntity)
        }
        return req.redirect(to: "/directions/\(try direction.requireID())")
    }

    struct LetterForm: Content {
        var dated: String?, way: String?, letter_title: String?, summary: String?
        var attachment: File?
    }

    func addCorrespondence(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let direction = try await req.find(Direction.self, "directionID")
        let form = try req.content.decode(LetterForm.self)
        var letter = DirectionsService.Letter(dated: form.dated ?? "", way: form.way ?? "", title: form.letter_title ?? "", summary: form.summary ?? "")
        // A browser sends a nameless, empty part when no file was chosen. The type it claims is
        // passed on but not kept: the service tells the kind from the content.
        if let file = form.attachment, !file.filename.isEmpty || file.data.readableBytes > 0 {
            letter.attachment = (file.filename, file.contentType?.description ?? "application/octet-stream", Data(file.data.readableBytesView))
        }
        // The submission form on the same page has its own "title"; this one is "letter_title".
        let errors = try await DirectionsService(db: req.db, user: user).addCorrespondence(directionID: try direction.requireID(), letter).errors
            .map { $0.field == "title" ? FieldError(field: "letter_title", message: $0.message) : $0 }
        guard errors.isEmpty else { return Response.html(try await DirectionPage.render(req, direction: direction, errors: errors, failedForm: "letter"), status: .unprocessableEntity) }
        return req.redirect(to: "/directions/\(try direction.requireID())#correspondence")
    }

    func attachment(req: Request) async throws -> Response {
        try req.authorize(.read)
        guard let id = req.parameters.get("entryID").flatMap(Int.init), let entry = try await Correspondence.find(id, on: req.db),
              let data = entry.attachment, let name = entry.attachmentName else { throw Abort(.notFound, reason: "There is no such attachment.") }
        // Always saved, never shown in the browser: the type is told again from the content (an
        // attachment kept before the content was checked carries the type its sender's browser
        // claimed), nothing is sniffed, and were it ever shown, nothing in it could run.
        let bytes = [UInt8](data)
        let type = (try? AttachmentPolicy.identify(bytes).get())?.contentType ?? "application/octet-stream"
        let response = Response.download(bytes, type: type, name: name)
        response.headers.replaceOrAdd(name: .contentDisposition, value: AttachmentPolicy.contentDisposition(AttachmentPolicy.storedName(name)))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return response
    }
}
