import Fluent
import Vapor
import WaymarkCore

/// One register item: where it is, every move with its day, the form to move it, and its
/// confidential notes for the performance team and administrators only.
struct RegisterItemPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("register-items", ":itemID", use: show)
        routes.post("register-items", ":itemID", "move", use: move)
        routes.post("register-items", ":itemID", "notes", use: notes)
    }

    func show(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await page(req, item: try await req.find(RegisterItem.self, "itemID"), move: nil, notes: nil, errors: [])
    }

    func move(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let item = try await req.find(RegisterItem.self, "itemID")
        let form = try req.content.decode([String: String].self)
        let input = RegisterService.MoveInput(toStageID: form["to_stage_id"].flatMap(Int.init), movedOn: form["moved_on"] ?? "", note: form["note"] ?? "",
                                              version: Int(form["version"] ?? "") ?? -1)
        switch try await RegisterService(db: req.db, user: user).move(itemID: try item.requireID(), input, today: AsOf.today()) {
        case .saved: return req.redirect(to: "/register-items/\(item.id ?? 0)?moved=1")
        case .invalid(let errors): return Response.html(try await page(req, item: item, move: input, notes: nil, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(RegisterItem.self, "itemID")
            return Response.html(try await page(req, item: fresh, move: nil, notes: nil, errors: [], conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    func notes(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let item = try await req.find(RegisterItem.self, "itemID")
        let form = try req.content.decode([String: String].self)
        let text = form["notes"] ?? ""
        switch try await RegisterService(db: req.db, user: user).saveNotes(itemID: try item.requireID(), notes: text, version: Int(form["version"] ?? "") ?? -1) {
        case .saved: return req.redirect(to: "/register-items/\(item.id ?? 0)?noted=1")
        case .invalid(let errors): return Response.html(try await page(req, item: item, move: nil, notes: text, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(RegisterItem.self, "itemID")
            return Response.html(try await page(req, item: fresh, move: nil, notes: nil, errors: [], conflict: ReviewEditPages.conflictNotice(by, at)), status: .conflict)
        }
    }

    private func page(_ req: Request, item: RegisterItem, move: RegisterService.MoveInput?, notes: String?, errors: [FieldError], conflict: HTML = "") async throws -> HTML {
        let itemID = try item.requireID()
        let register = try await item.$register.get(on: req.db)
        let plan = try await register.$plan.get(on: req.db)
        let stages = try await RegisterStage.query(on: req.db).filter(\.$register.$id == register.requireID()).sort(\.$position).all()
        let stageName = Dictionary(stages.map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { a, _ in a })
        let moves = try await RegisterMove.query(on: req.db).filter(\.$item.$id == itemID).sort(\.$movedOn).sort(\.$id).all()
        let owner = try await item.$owner.get(on: req.db)
        let user = try req.requireUser()
        let moveRows = moves.map { m -> HTML in
            "<tr><td>\(CalendarDate(iso: m.movedOn)?.display ?? m.movedOn)</td><td>\(m.$from.id.flatMap { stageName[$0] } ?? "–")</td><td>\(stageName[m.$to.id] ?? "")</td><td>\(m.movedBy)</td><td>\(m.note)</td></tr>"
        }
        var moveForm: HTML = "", notesForm: HTML = ""
        if RegisterService.mayManage(user) {
            let entry = move ?? .init(toStageID: nil, movedOn: AsOf.today().iso, note: "", version: item.version)
            let choices = stages.filter { $0.id != item.$stage.id }.map { (value: String($0.id ?? 0), label: $0.name + ($0.closes ? " (closes the item)" : "")) }
            moveForm = """
            <h2>Move to another stage</h2>
            <form method="post" action="/register-items/\(itemID)/move" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            <input type="hidden" name="version" value="\(item.version)">
            \(FormFields.radios("to_stage_id", legend: "Stage", options: choices, selected: entry.toStageID.map(String.init) ?? "", errors: errors))
            \(MilestoneUpdateForm.dateField("moved_on", "Moved on", hint: "Not before its last move, and not in the future", value: entry.movedOn, errors: errors))
            \(MilestoneUpdateForm.textarea("note", "Note (optional)", hint: "Kept with the move in the item's history", value: entry.note, errors: errors))
            <button class="button" type="submit">Move the item</button>
            </form>
            """
        }
        if RegisterService.mayReadConfidential(user) {
            notesForm = """
            <h2 id="confidential">Confidential notes</h2>
            <p class="hint">Seen only by the performance team and administrators.</p>
            <form method="post" action="/register-items/\(itemID)/notes" novalidate>\(Layout.csrfField(CSRF.token(for: req)))
            <input type="hidden" name="version" value="\(item.version)">
            \(MilestoneUpdateForm.textarea("notes", "Notes", hint: nil, value: notes ?? item.confidentialNotes, errors: errors))
            <button class="button button--secondary" type="submit">Save the notes</button>
            </form>
            """
        }
        let banner: HTML = req.query[String.self, at: "moved"] == "1" ? FormFields.successBanner("Item moved", "The move is in the item's history below.")
            : req.query[String.self, at: "added"] == "1" ? FormFields.successBanner("Item added", "It is in the register at the stage shown.")
            : req.query[String.self, at: "noted"] == "1" ? FormFields.successBanner("Notes saved", "The confidential notes have been saved.") : ""
        return Layout.page("\(item.reference) – \(register.name)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(plan.id ?? 0)", plan.title), ("/registers/\(register.id ?? 0)", register.name)]))
        \(conflict)
        \(banner)
        <span class="caption">\(register.name)</span>
        <h1>\(item.reference): \(item.title)</h1>
        <dl class="summary-list">
          <dt>Stage</dt><dd>\(stageName[item.$stage.id] ?? "")</dd>
          <dt>Received</dt><dd>\(CalendarDate(iso: item.receivedOn)?.display ?? item.receivedOn)</dd>
          <dt>Owner</dt><dd>\(owner?.name ?? "No one yet")</dd>
        </dl>
        <h2>History</h2>
        <table class="table"><caption class="visually-hidden">Moves</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">From</th><th scope="col">To</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
        <tbody>\(moveRows)</tbody></table>
        \(moveForm)
        \(notesForm)
        """)
    }
}
