import Fluent
import Vapor
import WaymarkCore

/// The forms that change a review: themes and scope questions, timeline activities, the peer
/// team and the position statement's date. A refused form comes back with its errors; a form
/// overtaken by someone else's change says who made it and changes nothing.
enum ReviewEditPages {
    @Sendable static func addTheme(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let kind: ReviewTheme.Kind = form["kind"] == "theme" ? .theme : .scopeQuestion
        let input = kind == .theme ? ReviewService.ThemeInput(title: form["theme_title"] ?? "", question: form["theme_question"] ?? "")
                                   : ReviewService.ThemeInput(question: form["question"] ?? "")
        let result = try await ReviewService(db: req.db, user: user).addTheme(reviewID: try review.requireID(), kind: kind, input)
        guard case .saved = result else {
            let errors = kind == .theme ? result.errors.map { FieldError(field: "theme_\($0.field)", message: $0.message) } : result.errors
            return Response.html(try await ReviewPage.render(req, review: review, errors: errors, failedForm: kind == .theme ? "theme" : "scope"), status: .unprocessableEntity)
        }
        return req.redirect(to: "/reviews/\(try review.requireID())#\(kind == .theme ? "themes" : "scope")")
    }

    @Sendable static func themeForm(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        let theme = try await req.find(ReviewTheme.self, "themeID")
        let areas = try await ReviewThemeArea.query(on: req.db).filter(\.$theme.$id == theme.requireID()).all().map(\.$area.id)
        return try await themePage(req, theme: theme, input: .init(title: theme.title, question: theme.question, leadPersonID: theme.$lead.id, areaIDs: areas, version: theme.version), errors: [])
    }

    private static func themePage(_ req: Request, theme: ReviewTheme, input: ReviewService.ThemeInput, errors: [FieldError], conflict: HTML = "") async throws -> HTML {
        guard let review = try await Review.find(theme.$review.id, on: req.db) else { throw Abort(.notFound) }
        let people = try await Person.query(on: req.db).sort(\.$name).all()
        let areas = try await Area.query(on: req.db).filter(\.$plan.$id == review.$plan.id).sort(\.$position).all()
        let isTheme = theme.kind == .theme
        let heading = isTheme ? "Change the theme" : "Change the scope question"
        return Layout.page(heading, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title)]))
        <h1>\(heading)</h1>
        \(conflict)
        <form method="post" action="/review-themes/\(theme.id ?? 0)" novalidate>\(Layout.csrfField(CSRF.token(for: req)))<input type="hidden" name="version" value="\(input.version)">
          \(isTheme ? MilestoneUpdateForm.textField("title", "Theme", hint: nil, value: input.title, errors: errors) : "")
          \(MilestoneUpdateForm.textarea("question", isTheme ? "Question the peer team asks of it" : "Scope question", hint: nil, value: input.question, errors: errors))
          \(isTheme ? FormFields.select("lead_person_id", "Corporate lead", hint: "Signs off the key messages and the evidence for this theme.",
                                        options: [("", "Not chosen yet")] + people.map { (String($0.id ?? 0), $0.name) }, selected: input.leadPersonID.map(String.init) ?? "", errors: errors) : "")
          \(isTheme && !areas.isEmpty ? FormFields.checkboxes("area_ids", prefix: "area-", legend: "Plan areas this theme covers", options: areas.map { (String($0.id ?? 0), $0.name) },
                                                           checked: Set(input.areaIDs.map(String.init)), errors: errors) : "")
          <button class="button" type="submit">Save</button>
        </form>
        """)
    }

    @Sendable static func saveTheme(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let theme = try await req.find(ReviewTheme.self, "themeID")
        let form = try req.content.decode([String: String].self)
        let input = ReviewService.ThemeInput(title: form["title"] ?? theme.title, question: form["question"] ?? "", leadPersonID: form["lead_person_id"].flatMap(Int.init),
                                             areaIDs: FormFields.ticked(form, prefix: "area-"), version: form["version"].flatMap(Int.init) ?? 0)
        switch try await ReviewService(db: req.db, user: user).updateTheme(themeID: try theme.requireID(), input) {
        case .saved: return req.redirect(to: "/reviews/\(theme.$review.id)#\(theme.kind == .theme ? "themes" : "scope")")
        case .invalid(let errors): return Response.html(try await themePage(req, theme: theme, input: input, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.find(ReviewTheme.self, "themeID")
            let areas = try await ReviewThemeArea.query(on: req.db).filter(\.$theme.$id == fresh.requireID()).all().map(\.$area.id)
            return Response.html(try await themePage(req, theme: fresh, input: .init(title: fresh.title, question: fresh.question, leadPersonID: fresh.$lead.id, areaIDs: areas, version: version),
                                                     errors: [], conflict: conflictNotice(by, at)), status: .conflict)
        }
    }

    static func conflictNotice(_ by: String, _ at: Date?) -> HTML {
        "<div class=\"notification\" role=\"alert\"><p><strong>\(by) changed this at \(at.map(MilestoneUpdateForm.timestamp) ?? "a moment ago"), before your change arrived.</strong> Nothing you sent was saved. This is how it stands now; make your change again if it is still needed.</p></div>"
    }

    static func activityFields(action: String, input: ReviewService.ActivityInput, errors: [FieldError], csrf: HTML, button: String, heading: String?) -> HTML {
        """
        <form method="post" action="\(action)" novalidate>\(csrf)<input type="hidden" name="version" value="\(input.version)">
          \(heading.map { "<h3>\($0)</h3>" as HTML } ?? "")
          \(FormFields.select("kind", "Kind of activity", options: [("", "Select")] + ReviewActivityKind.allCases.map { ($0.rawValue, $0.label) }, selected: input.kind, errors: errors))
          \(MilestoneUpdateForm.textField("title", "Activity (optional)", hint: "Leave blank to use the kind's name.", value: input.title, errors: errors))
          \(MilestoneUpdateForm.textField("deadline", "Timeline", hint: "As the paper writes it: \"19-22 June 2018\", \"Mid July 2018\", \"End of July 2018\", \"Aug-Sept 2018\" or \"TBC\".", value: input.deadline, errors: errors))
          \(MilestoneUpdateForm.textField("leads", "Lead officer (optional)", hint: "For example, Will Tuckley/Sharon Godman, or CLT.", value: input.leads, errors: errors))
          \(MilestoneUpdateForm.dateField("completed_on", "Date done (optional)", hint: nil, value: input.completedOn, errors: errors))
          <button class="button button--secondary" type="submit">\(button)</button>
        </form>
        """
    }

    private static func activityInput(_ form: [String: String]) -> ReviewService.ActivityInput {
        .init(kind: form["kind"] ?? "", title: form["title"] ?? "", deadline: form["deadline"] ?? "", leads: form["leads"] ?? "",
              completedOn: form["completed_on"] ?? "", version: form["version"].flatMap(Int.init) ?? 0)
    }

    @Sendable static func addActivity(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let result = try await ReviewService(db: req.db, user: user).addActivity(reviewID: try review.requireID(), activityInput(try req.content.decode([String: String].self)))
        guard case .saved = result else { return Response.html(try await ReviewPage.render(req, review: review, errors: result.errors, failedForm: "activity"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())#timeline")
    }

    @Sendable static func activityForm(req: Request) async throws -> HTML {
        try req.authorize(.manageReviews)
        let activity = try await req.find(ReviewActivity.self, "activityID")
        return try await activityPage(req, activity: activity, input: .init(kind: activity.kind.rawValue, title: activity.title, deadline: activity.deadlineText,
                                                                            leads: activity.leads, completedOn: activity.completedOn ?? "", version: activity.version), errors: [])
    }

    private static func activityPage(_ req: Request, activity: ReviewActivity, input: ReviewService.ActivityInput, errors: [FieldError], conflict: HTML = "") async throws -> HTML {
        guard let review = try await Review.find(activity.$review.id, on: req.db) else { throw Abort(.notFound) }
        return Layout.page("Change \(activity.title)", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title)]))
        <h1>Change \(activity.title)</h1>
        \(conflict)
        \(activityFields(action: "/review-activities/\(activity.id ?? 0)", input: input, errors: errors, csrf: Layout.csrfField(CSRF.token(for: req)), button: "Save", heading: nil))
        """)
    }

    @Sendable static func saveActivity(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let activity = try await req.find(ReviewActivity.self, "activityID")
        let input = activityInput(try req.content.decode([String: String].self))
        switch try await ReviewService(db: req.db, user: user).updateActivity(activityID: try activity.requireID(), input) {
        case .saved: return req.redirect(to: "/reviews/\(activity.$review.id)#timeline")
        case .invalid(let errors): return Response.html(try await activityPage(req, activity: activity, input: input, errors: errors), status: .unprocessableEntity)
        case .conflict(let by, let at, let version):
            let fresh = try await req.find(ReviewActivity.self, "activityID")
            return Response.html(try await activityPage(req, activity: fresh, input: .init(kind: fresh.kind.rawValue, title: fresh.title, deadline: fresh.deadlineText, leads: fresh.leads,
                                                                                          completedOn: fresh.completedOn ?? "", version: version),
                                                        errors: [], conflict: conflictNotice(by, at)), status: .conflict)
        }
    }

    @Sendable static func addPeer(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        let result = try await ReviewService(db: req.db, user: user).addPeer(reviewID: try review.requireID(),
                                                                              .init(name: form["name"] ?? "", role: form["role"] ?? "", organisation: form["organisation"] ?? ""))
        guard case .saved = result else { return Response.html(try await ReviewPage.render(req, review: review, errors: result.errors, failedForm: "peer"), status: .unprocessableEntity) }
        return req.redirect(to: "/reviews/\(try review.requireID())#peers")
    }

    @Sendable static func close(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        switch try await ReviewService(db: req.db, user: user).close(reviewID: try review.requireID(), on: form["closed_on"] ?? "", version: form["version"].flatMap(Int.init) ?? 0) {
        case .saved: return req.redirect(to: "/reviews/\(try review.requireID())#close")
        case .invalid(let errors): return Response.html(try await ReviewPage.render(req, review: review, errors: errors, failedForm: "close"), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(Review.self, "reviewID")
            let message = "\(by) changed this review at \(at.map(MilestoneUpdateForm.timestamp) ?? "a moment ago"), before your change arrived; nothing was saved. Check and save again"
            return Response.html(try await ReviewPage.render(req, review: fresh, errors: [.init(field: "closed_on", message: message)], failedForm: "close"), status: .conflict)
        }
    }

    @Sendable static func positionStatement(req: Request) async throws -> Response {
        let user = try req.authorize(.manageReviews)
        let review = try await req.find(Review.self, "reviewID")
        let form = try req.content.decode([String: String].self)
        switch try await ReviewService(db: req.db, user: user).recordPositionStatement(reviewID: try review.requireID(), sentOn: form["position_statement_sent_on"] ?? "",
                                                                                        version: form["version"].flatMap(Int.init) ?? 0) {
        case .saved: return req.redirect(to: "/reviews/\(try review.requireID())#position-statement")
        case .invalid(let errors): return Response.html(try await ReviewPage.render(req, review: review, errors: errors, failedForm: "position"), status: .unprocessableEntity)
        case .conflict(let by, let at, _):
            let fresh = try await req.find(Review.self, "reviewID")
            let message = "\(by) changed this review at \(at.map(MilestoneUpdateForm.timestamp) ?? "a moment ago"), before your change arrived; nothing was saved. Check the date and save it again"
            return Response.html(try await ReviewPage.render(req, review: fresh, errors: [.init(field: "position_statement_sent_on", message: message)], failedForm: "position"), status: .conflict)
        }
    }
}
