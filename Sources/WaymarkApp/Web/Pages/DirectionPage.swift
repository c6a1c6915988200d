import Fluent
import Vapor
import WaymarkCore

/// One set of Directions: its requirements, the submissions due and made (each linked to the
/// frozen report that was sent), and the correspondence with its attachments.
enum DirectionPage {
    static func render(_ req: Request, direction: Direction, errors: [FieldError], failedForm: String?) async throws -> HTML {
        let id = try direction.requireID()
        let canManage = req.currentUser?.access.may(.manageReporting) == true
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let today = AsOf.today()
        let submissions = try await Submission.query(on: req.db).filter(\.$direction.$id == id).with(\.$period).sort(\.$dueOn).all()
        let periods = try await PlanReportingPeriod.query(on: req.db).filter(\.$state == .closed).with(\.$plan).sort(\.$id).all()
        let letters = try await Correspondence.query(on: req.db).filter(\.$direction.$id == id).sort(\.$dated, .descending)
            .field(\.$id).field(\.$dated).field(\.$way).field(\.$title).field(\.$summary).field(\.$attachmentName).all()

        let submissionRows = submissions.map { s -> HTML in
            let sid = s.id ?? 0
            let standing = DirectionsPagesController.item(s).map { SubmissionSchedule.standing(of: $0, today: today) }
            let tag: HTML = standing.map { Layout.statusTag($0.label, key: $0.key) } ?? ""
            let sent: HTML = s.submittedOn.flatMap { CalendarDate(iso: $0)?.display }.map { day in
                "Submitted \(day)" + (s.period.map { HTML(unsafe: " with the <a href=\"/periods/\($0.id ?? 0)/pack\">" + HTML.escape($0.label) + " report pack</a>") } ?? "")
            } ?? ""
            let formErrors = failedForm == "made-\(sid)" ? errors : []
            let made: HTML = canManage && s.submittedOn == nil ? """
                <form method="post" action="/submissions/\(sid)/made" novalidate>\(csrf)
                  \(MilestoneUpdateForm.dateField("submitted_on-\(sid)", "Date submitted", hint: nil, value: "", errors: formErrors))
                  \(FormFields.select("period_id-\(sid)", "Report sent (a closed period)", options: [("", "None")] + periods.map { (String($0.id ?? 0), "\($0.plan.title): \($0.label)") }, selected: "", errors: formErrors))
                  <button class="button button--secondary" type="submit">Record as submitted</button>
                </form>
                """ : ""
            return "<tr><td>\(s.title)\(s.notes.isEmpty ? HTML("") : HTML("<br><span class=\"hint\">\(s.notes)</span>"))</td><td>\(CalendarDate(iso: s.dueOn)?.display ?? s.dueOn)</td><td>\(tag)</td><td>\(sent)\(made)</td></tr>"
        }
        let reviews = try await Review.query(on: req.db).filter(\.$direction.$id == id).with(\.$submission).sort(\.$id).all()
        let reviewItems = reviews.map { r -> HTML in
            "<li><a href=\"/reviews/\(r.id ?? 0)\">\(r.title)</a> (\(r.kind.label))\(r.submission.map { HTML(", answering \"\($0.title)\"") } ?? "")</li>"
        }
        let letterRows = letters.map { l -> HTML in
            let file: HTML = l.attachmentName.map { "<a href=\"/correspondence/\(l.id ?? 0)/attachment\">\($0)</a>" } ?? "None"
            return "<tr><td>\(CalendarDate(iso: l.dated)?.display ?? l.dated)</td><td>\(l.way.label)</td><td>\(l.title)\(l.summary.isEmpty ? HTML("") : HTML("<br>\(l.summary)"))</td><td>\(file)</td></tr>"
        }
        let expiry = DirectionsPagesController.expiry(direction, today: today)
        let requirements = direction.requirements.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let subErrors = failedForm == "submission" ? errors : [], letterErrors = failedForm == "letter" ? errors : []
        let forms: HTML = canManage ? """
            <h2>Add a submission that is due</h2>
            <form method="post" action="/directions/\(id)/submissions" novalidate>\(csrf)
              \(MilestoneUpdateForm.textField("title", "What is to be submitted", hint: "For example, the third quarterly update report", value: "", errors: subErrors))
              \(MilestoneUpdateForm.dateField("due_on", "Due date", hint: nil, value: "", errors: subErrors))
              \(MilestoneUpdateForm.textarea("notes", "Notes (optional)", hint: nil, value: "", errors: subErrors))
              <button class="button" type="submit">Add submission</button>
            </form>
            <h2>Add correspondence</h2>
            <form method="post" action="/directions/\(id)/correspondence" enctype="multipart/form-data" novalidate>\(csrf)
              \(MilestoneUpdateForm.dateField("dated", "Date of the letter or email", hint: nil, value: "", errors: letterErrors))
              \(FormFields.radios("way", legend: "Was it received or sent?", options: Correspondence.Way.allCases.map { ($0.rawValue, $0.label) }, selected: "", errors: letterErrors))
              \(MilestoneUpdateForm.textField("letter_title", "Title", hint: "For example, \"Minded to\" letter from the Secretary of State", value: "", errors: letterErrors))
              \(MilestoneUpdateForm.textarea("summary", "Summary (optional)", hint: nil, value: "", errors: letterErrors))
              \(attachmentField(letterErrors))
              <button class="button" type="submit">Add correspondence</button>
            </form>
            """ : ""
        return Layout.page(direction.title, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/directions", "Directions and submissions")]))
        <h1>\(direction.title)</h1>
        \(try await SubmissionWarning.load(on: req.db, today: today).render())
        <dl class="summary-list"><dt>Given</dt><dd>\(CalendarDate(iso: direction.givenOn)?.display ?? direction.givenOn)</dd>
        <dt>Expiry</dt><dd>\(expiry)</dd>
        <dt>Requirements</dt><dd>\(requirements.isEmpty ? HTML("None recorded") : "<ul>\(requirements.map { "<li>\($0)</li>" as HTML })</ul>")</dd></dl>
        <h2>Submissions</h2>
        \(submissions.isEmpty ? HTML("<p>No submissions recorded yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Submissions</caption>
        <thead><tr><th scope="col">Submission</th><th scope="col">Due</th><th scope="col">Standing</th><th scope="col">Sent</th></tr></thead><tbody>\(submissionRows)</tbody></table>
        """)
        <h2 id="reviews">Independent reviews</h2>
        \(reviewItems.isEmpty ? HTML("<p>No independent review answers these Directions yet.</p>") : "<ul class=\"list list--bullet\">\(reviewItems)</ul>")
        <h2 id="correspondence">Correspondence</h2>
        \(letters.isEmpty ? HTML("<p>No correspondence recorded yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Correspondence, newest first</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Way</th><th scope="col">Letter</th><th scope="col">Attachment</th></tr></thead><tbody>\(letterRows)</tbody></table>
        """)
        \(forms)
        """)
    }

    /// The attachment's file field, with what it may be (`AttachmentPolicy`) and any error.
    static func attachmentField(_ errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts("attachment", hint: "Up to \(AttachmentPolicy.maxBytes / 1024 / 1024) MB: \(AttachmentPolicy.accepted).", errors: errors)
        let accept = AttachmentPolicy.Kind.allCases.flatMap(\.extensions).map { ".\($0)" }.joined(separator: ",")
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"attachment\">Attachment (optional)</label>\(p.error)<input class=\"file-upload\" id=\"attachment\" name=\"attachment\" type=\"file\" accept=\"\(accept)\"\(p.describedBy)></div>"
    }
}
