import Fluent
import Vapor
import WaymarkCore

/// One review: its themes and scope questions, its timeline with each activity's status, the
/// position statement's due date, the peer team, and the way into the evidence library.
enum ReviewPage {
    static func render(_ req: Request, review: Review, errors: [FieldError], failedForm: String?) async throws -> HTML {
        let id = try review.requireID()
        let canManage = req.currentUser?.access.may(.manageReviews) == true
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let today = AsOf.today()
        let plan = try await Plan.find(review.$plan.id, on: req.db)
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).with(\.$lead).sort(\.$position).all()
        let themeAreas = try await ReviewThemeArea.query(on: req.db).filter(\.$theme.$id ~~ themes.compactMap(\.id)).with(\.$area).all()
        let activities = try await ReviewActivity.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let peers = try await PeerMember.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let evidence = try await EvidenceDocument.query(on: req.db).filter(\.$review.$id == id).filter(\.$withdrawnAt == nil).count()
        let followed = try await review.$follows.get(on: req.db)
        let submission = try await review.$submission.get(on: req.db)

        let themeRows = themes.filter { $0.kind == .theme }.map { theme -> HTML in
            let areas = themeAreas.filter { $0.$theme.id == theme.id }.map(\.area.name).sorted()
            let edit: HTML = canManage ? " <a href=\"/review-themes/\(theme.id ?? 0)\">Change<span class=\"visually-hidden\"> \(theme.title)</span></a>" : ""
            return "<tr><td>\(theme.title)\(edit)</td><td>\(theme.question)</td><td>\(theme.lead?.name ?? "Not chosen yet")</td><td>\(areas.isEmpty ? "None" : areas.joined(separator: ", "))</td></tr>"
        }
        let scopeItems = themes.filter { $0.kind == .scopeQuestion }.map { question -> HTML in
            let edit: HTML = canManage ? " <a href=\"/review-themes/\(question.id ?? 0)\">Change<span class=\"visually-hidden\"> scope question \(question.position)</span></a>" : ""
            return "<li>\(question.question)\(edit)</li>"
        }
        // The timeline's statuses are in the words of the plan under review.
        let scheme = try await review.$plan.get(on: req.db).scheme
        let timelineRows = activities.map { activity -> HTML in
            let status: HTML = activity.timelineActivity.map { ReviewTimeline.status(of: $0, today: today) }.map { assessment in
                let status = scheme.status(for: assessment)
                return Layout.statusTag(status.short, key: status.colour) + HTML(" <span class=\"hint\">\(scheme.explanation(of: status, assessment))</span>")
            } ?? "Cannot read the date"
            let edit: HTML = canManage ? " <a href=\"/review-activities/\(activity.id ?? 0)\">Change<span class=\"visually-hidden\"> \(activity.title)</span></a>" : ""
            return "<tr><td>\(activity.title)\(edit)</td><td>\(activity.deadlineText)</td><td>\(activity.leads.isEmpty ? "-" : activity.leads)</td><td>\(status)</td></tr>"
        }
        let peerRows = peers.map { "<tr><td>\($0.name)</td><td>\($0.role)</td><td>\($0.organisation)</td></tr>" as HTML }
        let timeline = activities.compactMap(\.timelineActivity)
        let formErrors = { (name: String) in failedForm == name ? errors : [] }

        return Layout.page(review.title, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/reviews", "Reviews")]))
        <h1>\(review.title)</h1>
        \(canManage ? HTML("<p><a href=\"/reviews/\(id)/details\">Change the title, introduction or submission it answers</a></p>") : "")
        \(positionStatement(review, timeline: timeline, today: today, canManage: canManage, csrf: csrf, errors: formErrors("position")))
        <dl class="summary-list"><dt>Kind</dt><dd>\(review.kind.label)</dd>
        <dt>Plan</dt><dd>\(plan.map { "<a href=\"/plans/\($0.id ?? 0)\">\($0.title)</a>" as HTML } ?? "")</dd>
        \(submission.map { "<dt>Answers</dt><dd><a href=\"/directions/\($0.$direction.id)\">\($0.title)</a>, due \(CalendarDate(iso: $0.dueOn)?.display ?? $0.dueOn)</dd>" as HTML } ?? "")
        \(followed.map { "<dt>Follows up</dt><dd><a href=\"/reviews/\($0.id ?? 0)\">\($0.title)</a></dd>" as HTML } ?? "")
        \(canManage ? HTML("<dt>Reviewer access</dt><dd><a href=\"/reviews/\(id)/reviewers\">The peer team's accounts</a>, and <a href=\"/reviews/\(id)/reads\">who has read which evidence</a></dd>") : "")
        <dt>Board paper</dt><dd><a href="/reviews/\(id)/paper">\(review.kind == .lgaCorporatePeerChallenge ? "Peer challenge preparation" : "Preparation paper")</a></dd>
        <dt>On-site schedule</dt><dd><a href="/reviews/\(id)/schedule">Rooms, interviewees and sessions</a></dd>
        <dt>Evidence</dt><dd><a href="/reviews/\(id)/evidence">\(evidence == 1 ? "1 document" : "\(evidence) documents") in the evidence library</a></dd></dl>
        \(review.introduction.isEmpty ? HTML("") : BoardPackHTML.paragraphs(review.introduction))
        <h2 id="themes">Themes</h2>
        \(themeRows.isEmpty ? HTML("<p>No themes yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Themes, with their corporate leads</caption>
        <thead><tr><th scope="col">Theme</th><th scope="col">Question</th><th scope="col">Corporate lead</th><th scope="col">Plan areas</th></tr></thead><tbody>\(themeRows)</tbody></table>
        """)
        <h2 id="scope">Scope questions</h2>
        \(scopeItems.isEmpty ? HTML("<p>No scope questions agreed yet.</p>") : "<ol class=\"list list--number\">\(scopeItems)</ol>")
        \(canManage ? themeForms(id, csrf: csrf, errors: formErrors("theme"), scopeErrors: formErrors("scope")) : "")
        <h2 id="timeline">Timeline</h2>
        \(timelineRows.isEmpty ? HTML("<p>No activities yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Timeline of key activities, with their status today</caption>
        <thead><tr><th scope="col">Activity</th><th scope="col">Timeline</th><th scope="col">Lead officer</th><th scope="col">Status</th></tr></thead><tbody>\(timelineRows)</tbody></table>
        """)
        \(canManage ? ReviewEditPages.activityFields(action: "/reviews/\(id)/activities", input: .init(), errors: formErrors("activity"), csrf: csrf, button: "Add activity", heading: "Add an activity to the timeline") : "")
        \(try await FindingPagesController.followUp(req, review: review))
        \(try await FindingPagesController.section(req, review: review, canManage: canManage, errors: formErrors("finding"), csrf: csrf))
        <h2 id="peers">Peer team</h2>
        \(peerRows.isEmpty ? HTML("<p>No peers recorded yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Peer team</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Organisation</th></tr></thead><tbody>\(peerRows)</tbody></table>
        """)
        \(canManage ? peerForm(id, csrf: csrf, errors: formErrors("peer")) : "")
        \(canManage ? closeForm(review, csrf: csrf, errors: formErrors("close"), retentionMonths: req.application.settings.reviewerRetentionMonths) : "")
        """)
    }

    /// Due a month before the visit, and warned about like a submission to the Secretary of State.
    private static func positionStatement(_ review: Review, timeline: [ReviewTimeline.Activity], today: CalendarDate, canManage: Bool, csrf: HTML, errors: [FieldError]) -> HTML {
        guard let due = ReviewTimeline.positionStatementDue(timeline) else {
            return "<p class=\"hint\">The position statement is due a month before the on-site visit; give the visit a date to see when.</p>"
        }
        let item = SubmissionSchedule.Item(id: review.id ?? 0, title: "The position statement", due: due, submittedOn: review.positionStatementSentOn.flatMap { CalendarDate(iso: $0) })
        let standing = SubmissionSchedule.standing(of: item, today: today)
        let warning: HTML = SubmissionSchedule.warning([item], today: today).map {
            "<div class=\"notification\" role=\"region\" aria-label=\"Position statement due\"><p><strong>Position statement:</strong> \($0)</p></div>"
        } ?? ""
        let form: HTML = canManage ? """
            <form method="post" action="/reviews/\(review.id ?? 0)/position-statement" novalidate>\(csrf)<input type="hidden" name="version" value="\(review.version)">
              \(MilestoneUpdateForm.dateField("position_statement_sent_on", "Date the position statement was sent", hint: "Leave blank if it has not been sent.", value: review.positionStatementSentOn ?? "", errors: errors))
              <button class="button button--secondary" type="submit">Save the date sent</button>
            </form>
            """ : ""
        return """
        \(warning)
        <h2 id="position-statement">Position statement</h2>
        <p>Due \(due.display), a month before the on-site visit: \(Layout.statusTag(standing.label, key: standing.key))\(item.submittedOn.map { " (sent \($0.display))" } ?? "")</p>
        \(form)
        """
    }

    private static func themeForms(_ id: Int, csrf: HTML, errors: [FieldError], scopeErrors: [FieldError]) -> HTML {
        """
        <details class="details"\(errors.isEmpty && scopeErrors.isEmpty ? "" : " open")><summary class="details__summary">Add a scope question or a theme</summary><div class="details__text">
        <form method="post" action="/reviews/\(id)/themes" novalidate>\(csrf)<input type="hidden" name="kind" value="scope_question">
          \(MilestoneUpdateForm.textarea("question", "Scope question", hint: "A question agreed with the LGA for the peer team to answer.", value: "", errors: scopeErrors))
          <button class="button button--secondary" type="submit">Add scope question</button>
        </form>
        <form method="post" action="/reviews/\(id)/themes" novalidate>\(csrf)<input type="hidden" name="kind" value="theme">
          \(MilestoneUpdateForm.textField("theme_title", "Theme", hint: "A theme of the council's own, beside the LGA's five.", value: "", errors: errors))
          \(MilestoneUpdateForm.textarea("theme_question", "Question the peer team asks of it", hint: nil, value: "", errors: errors))
          <button class="button button--secondary" type="submit">Add theme</button>
        </form></div></details>
        """
    }

    private static func closeForm(_ review: Review, csrf: HTML, errors: [FieldError], retentionMonths: Int) -> HTML {
        let closed = review.closedOn.flatMap { CalendarDate(iso: $0) }
        return """
        <h2 id="close">\(closed == nil ? "Close the review" : "Closed on \(closed!.display)")</h2>
        <form method="post" action="/reviews/\(review.id ?? 0)/close" novalidate>\(csrf)<input type="hidden" name="version" value="\(review.version)">
          \(MilestoneUpdateForm.dateField("closed_on", "Day the review closed", hint: "Once its report is in. Reviewers' accounts are deleted \(ReviewerRetentionText.months(retentionMonths)) after it, with a summary of what they read kept in the audit trail. Leave blank to reopen.", value: review.closedOn ?? "", errors: errors))
          <button class="button button--secondary" type="submit">Save</button>
        </form>
        """
    }

    private static func peerForm(_ id: Int, csrf: HTML, errors: [FieldError]) -> HTML {
        """
        <form method="post" action="/reviews/\(id)/peers" novalidate>\(csrf)
          <h3>Add a peer</h3>
          \(MilestoneUpdateForm.textField("name", "Name", hint: nil, value: "", errors: errors))
          \(MilestoneUpdateForm.textField("role", "Role", hint: "For example, Peer Challenge Manager, or Leader", value: "", errors: errors))
          \(MilestoneUpdateForm.textField("organisation", "Organisation", hint: "For example, Local Government Association", value: "", errors: errors))
          <button class="button button--secondary" type="submit">Add peer</button>
        </form>
        """
    }
}
