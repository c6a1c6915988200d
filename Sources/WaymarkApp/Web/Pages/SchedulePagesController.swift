import Fluent
import Vapor
import WaymarkCore

/// `/reviews/:id/schedule`: the on-site visit's rooms, interviewees and sessions, with clashes
/// refused and warnings shown; a printable agenda for each day, room by room, and for each room; and each
/// interviewee's sessions.
struct SchedulePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", ":reviewID", "schedule", use: schedule)
        routes.post("reviews", ":reviewID", "rooms", use: addRoom)
        routes.post("reviews", ":reviewID", "interviewees", use: addInterviewee)
        routes.post("review-interviewees", ":intervieweeID", "briefed", use: briefed)
        routes.post("reviews", ":reviewID", "sessions", use: addSession)
        routes.post("review-sessions", ":sessionID", "cancel", use: cancel)
    }

    func schedule(req: Request) async throws -> HTML {
        try req.authorize(.read)
        return try await page(req, review: try await req.find(Review.self, "reviewID"), input: .init(), errors: [], failedForm: nil)
    }

    private func page(_ req: Request, review: Review, input: ScheduleService.SessionInput, errors: [FieldError], failedForm: String?) async throws -> HTML {
        let id = try review.requireID()
        let canManage = req.currentUser?.access.may(.manageReviews) == true
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let loaded = try await ScheduleRecords.load(reviewID: id, on: req.db)
        let warnings = OnSiteSchedule.warnings(for: loaded.sessions)
        let days = Set(loaded.sessions.map(\.day)).sorted()
        let dayTables = days.map { day -> HTML in
            let rows = OnSiteSchedule.agenda(for: day, in: loaded.sessions).map { s -> HTML in
                let cancel: HTML = canManage ? "<form method=\"post\" action=\"/review-sessions/\(s.id)/cancel\" class=\"inline-form\">\(csrf)<button class=\"link-button\" type=\"submit\">Cancel<span class=\"visually-hidden\"> \(s.title)</span></button></form>" : ""
                return "<tr><td>\(s.start.display)–\(s.end.display)</td><td>\(s.room?.name ?? "")</td><td>\(s.title)\(s.theme.map { HTML("<br><span class=\"hint\">\($0)</span>") } ?? "")</td><td>\(s.peers.map(\.name).joined(separator: ", "))</td><td>\(Self.people(s.interviewees, before: day))</td><td>\(cancel)</td></tr>"
            }
            return """
            <h2 id="day-\(day.iso)">\(day.display)</h2>
            <p><a href="/reviews/\(id)/schedule/\(day.iso)">Agenda for \(day.display), room by room (prints to A4)</a></p>
            <table class="table"><caption class="visually-hidden">Sessions on \(day.display)</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Room</th><th scope="col">Session</th><th scope="col">Peers</th><th scope="col">Interviewees</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>\(rows)</tbody></table>
            """
        }
        let warning: HTML = warnings.isEmpty ? "" : "<div class=\"notification\" role=\"region\" aria-label=\"Warnings\"><h2>Check before the visit</h2><ul class=\"list list--bullet\">\(warnings.map { "<li>\($0.message)</li>" as HTML })</ul></div>"
        let visit: HTML = loaded.visitDays.isEmpty ? "<p class=\"hint\">Give the on-site visit its dates in the timeline, and sessions will be checked against them.</p>"
            : "<p>The visit runs \(loaded.visitDays.first!.display) to \(loaded.visitDays.last!.display).</p>"
        return Layout.page("On-site schedule: \(review.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title)]))
        <h1>On-site schedule</h1>
        \(visit)
        \(warning)
        \(dayTables.isEmpty ? HTML("<p>No sessions booked yet.</p>") : dayTables.reduce(HTML(""), +))
        <h2 id="interviewees">Interviewees</h2>
        <p><a href="/reviews/\(id)/interviewees">Each interviewee's sessions</a></p>
        \(try await intervieweeTable(loaded, canManage: canManage, csrf: csrf, errors: failedForm == "briefing" ? errors : []))
        <h2 id="rooms">Rooms</h2>
        \(loaded.rooms.isEmpty ? HTML("<p>No rooms yet.</p>") : "<ul class=\"list list--bullet\">\(loaded.rooms.map { "<li>\($0.name) (\($0.purpose.label.lowercased())): <a href=\"/reviews/\(id)/rooms/\($0.id ?? 0)/agenda\">agenda<span class=\"visually-hidden\"> for \($0.name)</span></a></li>" as HTML })</ul>")
        \(canManage ? try await forms(req, review: review, loaded: loaded, input: input, errors: errors, failedForm: failedForm, csrf: csrf) : "")
        """)
    }

    /// Names with roles, and whether each was briefed a day before.
    static func people(_ people: [OnSiteSchedule.Interviewee], before day: CalendarDate) -> HTML {
        people.map { person -> HTML in
            let briefed = person.briefedOn.map { $0 < day } ?? false
            return "\(person.name), \(person.role) " + (briefed ? Layout.statusTag("Briefed", key: "completed") : Layout.statusTag("Not briefed", key: "delayed"))
        }.reduce(HTML("")) { $0.rendered.isEmpty ? $1 : $0 + "<br>" + $1 }
    }

    private func intervieweeTable(_ loaded: ScheduleRecords.Loaded, canManage: Bool, csrf: HTML, errors: [FieldError]) async throws -> HTML {
        guard !loaded.interviewees.isEmpty else { return "<p>No interviewees yet.</p>" }
        let rows = loaded.interviewees.map { person -> HTML in
            let pid = person.id ?? 0
            let briefed: HTML = person.briefedOn.flatMap { CalendarDate(iso: $0) }.map { "Briefed \($0.display)" as HTML } ?? (canManage ? """
                <form method="post" action="/review-interviewees/\(pid)/briefed" class="inline-form" novalidate>\(csrf)
                \(MilestoneUpdateForm.dateField("briefed_on-\(pid)", "Date briefed", hint: nil, value: "", errors: errors))<button class="button button--secondary" type="submit">Record briefing<span class="visually-hidden"> of \(person.name)</span></button></form>
                """ : "Not briefed yet")
            return "<tr><td>\(person.name)</td><td>\(person.role)</td><td>\(briefed)</td></tr>"
        }
        return """
        <table class="table"><caption class="visually-hidden">Interviewees and their briefings</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Briefing</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }

    private func forms(_ req: Request, review: Review, loaded: ScheduleRecords.Loaded, input: ScheduleService.SessionInput, errors: [FieldError], failedForm: String?, csrf: HTML) async throws -> HTML {
        let id = try review.requireID()
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).filter(\.$kind == .theme).sort(\.$position).all()
        let peers = try await PeerMember.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let sessionErrors = failedForm == "session" ? errors : [], roomErrors = failedForm == "room" ? errors : [], personErrors = failedForm == "interviewee" ? errors : []
        return """
        <h2 id="book">Book a session</h2>
        <form method="post" action="/reviews/\(id)/sessions" novalidate>\(csrf)
          \(MilestoneUpdateForm.textField("session_title", "Session", hint: "For example, Finance and resources, with the Section 151 officer", value: input.title, errors: sessionErrors))
          \(MilestoneUpdateForm.dateField("day", "Day", hint: nil, value: input.day, errors: sessionErrors))
          \(MilestoneUpdateForm.textField("starts", "Starts", hint: "Hours and minutes, such as 09:30", value: input.starts, errors: sessionErrors))
          \(MilestoneUpdateForm.textField("ends", "Ends", hint: "Such as 10:30", value: input.ends, errors: sessionErrors))
          \(FormFields.select("room_id", "Room", options: [("", "Choose a room")] + loaded.rooms.map { (String($0.id ?? 0), $0.name) }, selected: input.roomID.map(String.init) ?? "", errors: sessionErrors))
          \(FormFields.select("theme_id", "Theme (optional)", options: [("", "None")] + themes.map { (String($0.id ?? 0), $0.title) }, selected: input.themeID.map(String.init) ?? "", errors: sessionErrors))
          \(peers.isEmpty ? HTML("") : FormFields.checkboxes("peers", prefix: "peer-", legend: "Peers attending", options: peers.map { (String($0.id ?? 0), $0.name) }, checked: Set(input.peerIDs.map(String.init)), errors: sessionErrors))
          \(loaded.interviewees.isEmpty ? HTML("") : FormFields.checkboxes("interviewees", prefix: "interviewee-", legend: "Interviewees", options: loaded.interviewees.map { (String($0.id ?? 0), "\($0.name), \($0.role)") }, checked: Set(input.intervieweeIDs.map(String.init)), errors: sessionErrors))
          <button class="button" type="submit">Book session</button>
        </form>
        <h2>Add a room</h2>
        <form method="post" action="/reviews/\(id)/rooms" novalidate>\(csrf)
          \(MilestoneUpdateForm.textField("room_name", "Room", hint: "For example, MP602, or Sixth floor Conference Room", value: "", errors: roomErrors))
          \(FormFields.radios("purpose", legend: "What is it for?", options: ReviewRoom.Purpose.allCases.map { ($0.rawValue, $0.label) }, selected: "", errors: roomErrors))
          <button class="button button--secondary" type="submit">Add room</button>
        </form>
        <h2>Add an interviewee</h2>
        <form method="post" action="/reviews/\(id)/interviewees" novalidate>\(csrf)
          \(MilestoneUpdateForm.textField("interviewee_name", "Name", hint: nil, value: "", errors: personErrors))
          \(MilestoneUpdateForm.textField("interviewee_role", "Role", hint: "For example, Cabinet Member for Resources", value: "", errors: personErrors))
          \(MilestoneUpdateForm.dateField("briefed_on", "Date briefed (optional)", hint: nil, value: "", errors: personErrors))
          <button class="button button--secondary" type="submit">Add interviewee</button>
        </form>
        """
    }

    func addRoom(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let result = try await ScheduleService(db: req.db, user: user).addRoom(reviewID: try review.requireID(), name: form["room_name"] ?? "", purpose: form["purpose"] ?? "")
        guard case .saved = result else { return Response.html(try await page(req, review: review, input: .init(), errors: result.errors, failedForm: "room"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())/schedule#rooms")
    }

    func addInterviewee(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let result = try await ScheduleService(db: req.db, user: user).addInterviewee(reviewID: try review.requireID(), name: form["interviewee_name"] ?? "",
                                                                                      role: form["interviewee_role"] ?? "", briefedOn: form["briefed_on"] ?? "")
        guard case .saved = result else { return Response.html(try await page(req, review: review, input: .init(), errors: result.errors, failedForm: "interviewee"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())/schedule#interviewees")
    }

    func briefed(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let person = try await req.find(ReviewInterviewee.self, "intervieweeID")
        let form = try req.content.decode([String: String].self)
        let id = try person.requireID()
        guard let review = try await Review.find(person.$review.id, on: req.db) else { throw Abort(.notFound) }
        let result = try await ScheduleService(db: req.db, user: user).recordBriefing(intervieweeID: id, briefedOn: form["briefed_on-\(id)"] ?? "")
        guard case .saved = result else { return Response.html(try await page(req, review: review, input: .init(), errors: result.errors, failedForm: "briefing"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())/schedule#interviewees")
    }

    func addSession(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let input = ScheduleService.SessionInput(day: form["day"] ?? "", starts: form["starts"] ?? "", ends: form["ends"] ?? "", title: form["session_title"] ?? "",
                                                 roomID: form["room_id"].flatMap(Int.init), themeID: form["theme_id"].flatMap(Int.init),
                                                 peerIDs: FormFields.ticked(form, prefix: "peer-"), intervieweeIDs: FormFields.ticked(form, prefix: "interviewee-"))
        let result = try await ScheduleService(db: req.db, user: user).addSession(reviewID: try review.requireID(), input)
        guard case .saved(let session) = result else { return Response.html(try await page(req, review: review, input: input, errors: result.errors, failedForm: "session"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())/schedule#day-\(session.day)")
    }

    func cancel(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let session = try await req.find(ReviewSession.self, "sessionID")
        _ = try await ScheduleService(db: req.db, user: user).cancelSession(sessionID: try session.requireID())
        return req.redirect(to: "/reviews/\(session.$review.id)/schedule")
    }
}
