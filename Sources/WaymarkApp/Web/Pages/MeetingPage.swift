import Fluent
import Vapor
import WaymarkCore

/// One meeting: its agenda with the decisions taken, and the revised milestone timescales put
/// to it, each agreed or rejected with the minute that records it.
enum MeetingPage {
    static func render(_ req: Request, meeting: Meeting, errors: [FieldError], failedForm: String?) async throws -> HTML {
        let board = try await meeting.$board.get(on: req.db)
        let meetingID = try meeting.requireID()
        let canManage = req.currentUser?.access.may(.manageReporting) == true
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let items = try await AgendaItem.query(on: req.db).filter(\.$meeting.$id == meetingID).sort(\.$position).with(\.$period).all()
        let itemRows = items.map { item -> HTML in
            let id = item.id ?? 0
            // Agenda items and revised deadlines are numbered separately, so each form's fields
            // carry their own prefix: item 1's decision and revision 1's must not share an id.
            let report: HTML = item.period.map { "<a href=\"/periods/\($0.id ?? 0)/pack\">\($0.label) board report</a>" } ?? ""
            let formErrors = failedForm == "item-\(id)" ? errors : []
            let decide: HTML = canManage ? """
                <form method="post" action="/agenda-items/\(id)/decision" novalidate>\(csrf)
                  \(MilestoneUpdateForm.textarea("item_decision-\(id)", "Decision", hint: nil, value: item.decision ?? "", errors: formErrors))
                  \(MilestoneUpdateForm.textField("item_minute_reference-\(id)", "Minute reference", hint: nil, value: item.minuteReference ?? "", errors: formErrors))
                  <button class="button button--secondary" type="submit">Record the decision on item \(item.position)</button>
                </form>
                """ : ""
            return """
            <tr><td class="numeric">\(item.position)</td><td>\(item.title)<br>\(report)</td><td>\(item.ask.label)</td>
            <td>\(item.decision ?? "Not yet decided")\(item.minuteReference.map { HTML("<br><span class=\"hint\">Minute \($0)</span>") } ?? "")\(decide)</td></tr>
            """
        }
        let periods = try await PlanReportingPeriod.query(on: req.db).with(\.$plan).sort(\.$id).all()
        let itemErrors = failedForm == "item" ? errors : []
        let addItem: HTML = canManage ? """
            <h2>Add an agenda item</h2>
            <form method="post" action="/meetings/\(meetingID)/items" novalidate>\(csrf)
              \(MilestoneUpdateForm.textField("title", "Title", hint: "As the agenda gives it", value: "", errors: itemErrors))
              \(FormFields.radios("ask", legend: "The board is asked to", options: AgendaItem.Ask.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: "", errors: itemErrors))
              \(FormFields.select("period_id", "Report presented (optional)", options: [("", "None")] + periods.map { (String($0.id ?? 0), "\($0.plan.title): \($0.label)") }, selected: "", errors: itemErrors))
              <button class="button" type="submit">Add item</button>
            </form>
            """ : ""
        return Layout.page(meeting.title, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/boards", "Boards and meetings"), ("/boards/\(board.id ?? 0)", board.name)]))
        <span class="caption">\(board.name)</span>
        <h1>\(meeting.title)</h1>
        <p>Held on \(CalendarDate(iso: meeting.heldOn)?.display ?? meeting.heldOn).</p>
        <h2>Agenda</h2>
        \(items.isEmpty ? HTML("<p>No items yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Agenda items</caption>
        <thead><tr><th scope="col" class="numeric">Item</th><th scope="col">Title</th><th scope="col">Asked to</th><th scope="col">Decision</th></tr></thead>
        <tbody>\(itemRows)</tbody></table>
        """)
        \(addItem)
        \(try await revisions(req, meeting: meeting, canManage: canManage, errors: errors, failedForm: failedForm))
        """)
    }

    private static func revisions(_ req: Request, meeting: Meeting, canManage: Bool, errors: [FieldError], failedForm: String?) async throws -> HTML {
        let meetingID = try meeting.requireID()
        let pending = try await DeadlineRevision.query(on: req.db).filter(\.$state == .pending).with(\.$milestone).sort(\.$id).all()
        let decided = try await DeadlineRevision.query(on: req.db).filter(\.$meeting.$id == meetingID).with(\.$milestone).sort(\.$id).all()
        let csrf = Layout.csrfField(CSRF.token(for: req))
        let pendingRows = pending.map { r -> HTML in
            let id = r.id ?? 0
            let formErrors = failedForm == "revision-\(id)" ? errors : []
            let form: HTML = canManage ? """
                <form method="post" action="/revisions/\(id)/decision" novalidate>\(csrf)<input type="hidden" name="meeting_id" value="\(meetingID)">
                  \(FormFields.radios("decision", legend: "The Board's decision", options: [("agreed", "Agreed"), ("rejected", "Rejected")], selected: "",
                                      errors: formErrors.map { .init(field: String($0.field.dropLast("-\(id)".count)), message: $0.message) }, idSuffix: "-\(id)"))
                  \(MilestoneUpdateForm.textField("minute_reference-\(id)", "Minute reference", hint: nil, value: "", errors: formErrors))
                  <button class="button button--secondary" type="submit">Record the decision</button>
                </form>
                """ : ""
            return "<tr><td><a href=\"/milestones/\(r.milestone.id ?? 0)\">\(r.milestone.title)</a></td><td>\(r.milestone.deadlineText)</td><td>\(r.proposedText)</td><td>\(r.reason)</td><td>\(form)</td></tr>"
        }
        let decidedRows = decided.map { r -> HTML in
            "<tr><td><a href=\"/milestones/\(r.milestone.id ?? 0)\">\(r.milestone.title)</a></td><td>\(r.milestone.deadlineText)</td><td>\(r.proposedText)</td><td>\(r.state == .agreed ? "Agreed" : "Rejected")</td><td>\(r.minuteReference ?? "")</td></tr>"
        }
        return """
        <h2 id="revisions">Revised milestone timescales</h2>
        \(pending.isEmpty ? HTML("<p>No proposals are waiting for a decision.</p>") : """
        <table class="table"><caption>For the Board to agree (\(pending.count))</caption>
        <thead><tr><th scope="col">Key milestone</th><th scope="col">Original deadline</th><th scope="col">Proposed deadline</th><th scope="col">Reason</th><th scope="col">Decision</th></tr></thead>
        <tbody>\(pendingRows)</tbody></table>
        """)
        \(decided.isEmpty ? HTML("") : """
        <table class="table"><caption>Decided at this meeting (\(decided.count))</caption>
        <thead><tr><th scope="col">Key milestone</th><th scope="col">Original deadline</th><th scope="col">Proposed deadline</th><th scope="col">Decision</th><th scope="col">Minute</th></tr></thead>
        <tbody>\(decidedRows)</tbody></table>
        """)
        """
    }
}
