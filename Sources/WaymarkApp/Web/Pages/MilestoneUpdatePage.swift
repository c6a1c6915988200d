import WaymarkCore

/// The progress-update form, with the status a preview works out. A value: the controller
/// builds it from the milestone and what was typed, and `render` only writes markup.
struct MilestoneUpdatePage: Sendable {
    var id: Int
    var title: String
    var deadlineText: String
    var deadlineExplanation: String
    var input: MilestoneUpdateService.Input
    var errors: [FieldError] = []
    /// The status the update would give, when the preview button was used.
    var preview: StatusAssessment?

    init(_ record: MilestoneRecord, input: MilestoneUpdateService.Input, errors: [FieldError] = [], preview: StatusAssessment? = nil) {
        let m = record.milestone
        self.init(id: m.id ?? 0, title: m.title, deadlineText: m.deadlineText, deadlineExplanation: m.deadline.explanation,
                  input: input, errors: errors, preview: preview)
    }

    init(id: Int, title: String, deadlineText: String, deadlineExplanation: String, input: MilestoneUpdateService.Input,
         errors: [FieldError] = [], preview: StatusAssessment? = nil) {
        (self.id, self.title, self.deadlineText, self.deadlineExplanation) = (id, title, deadlineText, deadlineExplanation)
        (self.input, self.errors, self.preview) = (input, errors, preview)
    }

    func render(_ context: Layout.Context) -> HTML {
        typealias Form = MilestoneUpdateForm
        let previewPanel: HTML = preview.map { p in
            """
            <div class="panel" id="status-preview" role="status">
              <h2>If you save this update</h2>
              <p>The milestone will be \(Layout.statusTag(p.status.label, key: p.status.rawValue))</p>
              <p>\(Form.reason(p)).</p>
            </div>
            """
        } ?? ""
        return Layout.page("Record an update: \(title)", context: context, errors: errors, """
        \(Layout.breadcrumbs([("/milestones/\(id)", title)]))
        <span class="caption">Record an update</span>
        <h1>\(title)</h1>
        <p>Deadline as written: <strong>\(deadlineText)</strong> (\(deadlineExplanation)).</p>
        \(previewPanel)
        <form method="post" action="/milestones/\(id)/update" novalidate>
          \(Layout.csrfField(context.csrfToken))
          <input type="hidden" name="version" value="\(input.version)">
          \(Form.textarea("commentary", "Progress commentary", hint: "What has happened since the last update, and what happens next", value: input.commentary, errors: errors))
          \(Form.dateField("forecast", "Forecast completion date", hint: "If the milestone is not finished: when you now expect it to be", value: input.forecast, errors: errors))
          \(Form.dateField("completed", "Date completed", hint: "If the milestone is finished", value: input.completed, errors: errors))
          <h2>Propose a revised deadline (optional)</h2>
          <p>The Board decides whether to agree a revised deadline. The original deadline stays, and status is always measured against it.</p>
          \(Form.textField("proposed_deadline", "Proposed revised deadline", hint: "As you would write it in the plan, for example Sep-18", value: input.proposedDeadline, errors: errors))
          \(Form.textarea("proposed_reason", "Reason for the revised deadline", hint: nil, value: input.proposedReason, errors: errors))
          <button type="submit" class="button button--secondary" name="intent" value="preview">Check the status this gives</button>
          <button type="submit" class="button" name="intent" value="save">Save update</button>
        </form>
        """)
    }
}
