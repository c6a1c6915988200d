import Fluent
import Vapor
import WaymarkCore

/// Boards, their meetings and agendas, and the decisions recorded there, including the Board's
/// decisions on proposed revised deadlines.
struct GovernancePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("boards", use: boards)
        routes.post("boards", use: createBoard)
        routes.get("boards", ":boardID", use: board)
        routes.post("boards", ":boardID", "meetings", use: createMeeting)
        routes.get("meetings", ":meetingID", use: meeting)
        routes.post("meetings", ":meetingID", "items", use: addItem)
        routes.post("agenda-items", ":itemID", "decision", use: recordDecision)
        routes.post("revisions", ":revisionID", "decision", use: decideRevision)
    }

    func boards(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await boardsPage(req, input: .init(), errors: [])
    }

    private func boardsPage(_ req: Request, input: GovernanceService.BoardInput, errors: [FieldError]) async throws -> HTML {
        let boards = try await Board.query(on: req.db).sort(\.$name).all()
        let rows = boards.map { b -> HTML in
            "<tr><td><a href=\"/boards/\(b.id ?? 0)\">\(b.name)</a></td><td>\(b.kind.label)</td><td>\(b.chair)</td></tr>"
        }
        let form: HTML = req.currentUser?.access.may(.manageReporting) == true ? """
            <h2>Add a board</h2>
            <form method="post" action="/boards" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
              \(MilestoneUpdateForm.textField("name", "Name", hint: "For example, Best Value Improvement Board", value: input.name, errors: errors))
              \(FormFields.select("kind", "Kind of board", options: [("", "Select a kind")] + Board.Kind.allCases.map { ($0.rawValue, $0.label) }, selected: input.kind, errors: errors))
              \(MilestoneUpdateForm.textField("chair", "Chair", hint: nil, value: input.chair, errors: errors))
              \(MilestoneUpdateForm.textarea("members", "Members", hint: "One a line", value: input.members, errors: errors))
              \(MilestoneUpdateForm.textarea("external_representatives", "External representatives", hint: "One a line", value: input.externalRepresentatives, errors: errors))
              <button class="button" type="submit">Add board</button>
            </form>
            """ : ""
        return Layout.page("Boards and meetings", context: req.layoutContext, errors: errors, """
        <h1>Boards and meetings</h1>
        \(boards.isEmpty ? HTML("<p>No boards have been added yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Boards</caption>
        <thead><tr><th scope="col">Board</th><th scope="col">Kind</th><th scope="col">Chair</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        \(form)
        """)
    }

    func createBoard(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let form = try req.content.decode([String: String].self)
        let input = GovernanceService.BoardInput(name: form["name"] ?? "", kind: form["kind"] ?? "", chair: form["chair"] ?? "",
                                                 members: form["members"] ?? "", externalRepresentatives: form["external_representatives"] ?? "")
        let result = try await GovernanceService(db: req.db, user: user).createBoard(input)
        guard case .saved(let board) = result else { return Response.html(try await boardsPage(req, input: input, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/boards/\(try board.requireID())")
    }

    func board(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await boardPage(req, board: try await req.find(Board.self, "boardID"), heldOn: "", title: "", errors: [])
    }

    private func boardPage(_ req: Request, board: Board, heldOn: String, title: String, errors: [FieldError]) async throws -> HTML {
        let meetings = try await Meeting.query(on: req.db).filter(\.$board.$id == board.requireID()).sort(\.$heldOn, .descending).all()
        let list = meetings.map { m -> HTML in
            "<li><a href=\"/meetings/\(m.id ?? 0)\">\(m.title)</a> (\(CalendarDate(iso: m.heldOn)?.display ?? m.heldOn))</li>"
        }
        func names(_ text: String) -> HTML {
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return lines.isEmpty ? "None recorded" : "<ul>\(lines.map { "<li>\($0)</li>" as HTML })</ul>"
        }
        let form: HTML = req.currentUser?.access.may(.manageReporting) == true ? """
            <h2>Add a meeting</h2>
            <form method="post" action="/boards/\(board.id ?? 0)/meetings" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
              \(MilestoneUpdateForm.dateField("held_on", "Date of the meeting", hint: nil, value: heldOn, errors: errors))
              \(MilestoneUpdateForm.textField("title", "Title (optional)", hint: "Left blank, it is the board's name and the date", value: title, errors: errors))
              <button class="button" type="submit">Add meeting</button>
            </form>
            """ : ""
        return Layout.page(board.name, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/boards", "Boards and meetings")]))
        <span class="caption">\(board.kind.label)</span>
        <h1>\(board.name)</h1>
        <dl class="summary-list"><dt>Chair</dt><dd>\(board.chair.isEmpty ? "Not recorded" : board.chair)</dd>
        <dt>Members</dt><dd>\(names(board.members))</dd><dt>External representatives</dt><dd>\(names(board.externalRepresentatives))</dd></dl>
        <h2>Meetings</h2>
        \(meetings.isEmpty ? HTML("<p>No meetings yet.</p>") : "<ul>\(list)</ul>")
        \(form)
        """)
    }

    func createMeeting(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let board = try await req.find(Board.self, "boardID")
        let form = try req.content.decode([String: String].self)
        let input = GovernanceService.MeetingInput(boardID: board.id, heldOn: form["held_on"] ?? "", title: form["title"] ?? "")
        let result = try await GovernanceService(db: req.db, user: user).createMeeting(input)
        guard case .saved(let meeting) = result else { return Response.html(try await boardPage(req, board: board, heldOn: input.heldOn, title: input.title, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/meetings/\(try meeting.requireID())")
    }

    func meeting(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await MeetingPage.render(req, meeting: try await req.find(Meeting.self, "meetingID"), errors: [], failedForm: nil)
    }

    func addItem(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        let meeting = try await req.find(Meeting.self, "meetingID")
        let form = try req.content.decode([String: String].self)
        let period = form["period_id"].flatMap(Int.init)
        var planID: Int?
        if let period { planID = try await PlanReportingPeriod.find(period, on: req.db)?.$plan.id }
        let errors = try await GovernanceService(db: req.db, user: user).addItem(meetingID: try meeting.requireID(),
            .init(title: form["title"] ?? "", ask: form["ask"] ?? "", planID: planID, periodID: period)).errors
        guard errors.isEmpty else { return Response.html(try await MeetingPage.render(req, meeting: meeting, errors: errors, failedForm: "item"), status: .unprocessableEntity) }
        return req.redirect(to: "/meetings/\(try meeting.requireID())")
    }

    func recordDecision(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        guard let id = req.parameters.get("itemID").flatMap(Int.init), let item = try await AgendaItem.find(id, on: req.db),
              let meeting = try await Meeting.find(item.$meeting.id, on: req.db) else { throw Abort(.notFound, reason: "There is no such agenda item.") }
        let form = try req.content.decode([String: String].self)
        let errors = try await GovernanceService(db: req.db, user: user).recordDecision(
            itemID: id, decision: form["item_decision-\(id)"] ?? "", minuteReference: form["item_minute_reference-\(id)"] ?? "").errors
        guard errors.isEmpty else {
            return Response.html(try await MeetingPage.render(req, meeting: meeting, errors: errors.map { .init(field: "item_\($0.field)-\(id)", message: $0.message) }, failedForm: "item-\(id)"),
                                 status: .unprocessableEntity)
        }
        return req.redirect(to: "/meetings/\(try meeting.requireID())")
    }

    func decideRevision(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReporting)
        guard let id = req.parameters.get("revisionID").flatMap(Int.init) else { throw Abort(.notFound) }
        let form = try req.content.decode([String: String].self)
        let meetingID = form["meeting_id"].flatMap(Int.init)
        let errors = try await RevisionDecisionService(db: req.db, user: user).decide(
            revisionID: id, decision: form["decision"] ?? "", meetingID: meetingID, minuteReference: form["minute_reference-\(id)"] ?? "").errors
        guard let meetingID, let meeting = try await Meeting.find(meetingID, on: req.db) else { throw Abort(.badRequest, reason: "Record decisions from the meeting's page.") }
        guard errors.isEmpty else {
            return Response.html(try await MeetingPage.render(req, meeting: meeting, errors: errors.map { .init(field: "\($0.field)-\(id)", message: $0.message) }, failedForm: "revision-\(id)"),
                                 status: .unprocessableEntity)
        }
        return req.redirect(to: "/meetings/\(meetingID)#revisions")
    }
}
