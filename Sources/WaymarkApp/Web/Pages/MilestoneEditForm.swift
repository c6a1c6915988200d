import Vapor
import WaymarkCore

/// The form for a milestone's title, deadline and leads, with withdrawal below it.
enum MilestoneEditForm {
    static func input(_ req: Request) throws -> PlanStructureService.MilestoneInput {
        struct Form: Content { var title: String?; var deadline: String?; var leads: String?; var version: Int? }
        let form = try req.content.decode(Form.self)
        return .init(title: form.title ?? "", deadline: form.deadline ?? "", leads: form.leads ?? "", version: form.version ?? -1)
    }

    static func page(_ req: Request, heading: String, action: String, input: PlanStructureService.MilestoneInput,
                     errors: [FieldError], milestone: Milestone?) -> HTML {
        let token = CSRF.token(for: req)
        let lifecycle: HTML
        if let m = milestone {
            lifecycle = m.lifecycle == .withdrawn ? """
            <h2>Withdrawn</h2><p>Reason: \(m.withdrawnReason ?? "")</p>
            <form method="post" action="/milestones/\(m.id ?? 0)/reinstate">\(Layout.csrfField(token))<input type="hidden" name="version" value="\(m.version)">
            <button class="button button--secondary" type="submit">Reinstate the milestone</button></form>
            """ : """
            <h2>Withdraw the milestone</h2>
            <p>A withdrawn milestone stays on record with its reason but no longer counts in the figures.</p>
            <form method="post" action="/milestones/\(m.id ?? 0)/withdraw" novalidate>\(Layout.csrfField(token))<input type="hidden" name="version" value="\(m.version)">
            \(MilestoneUpdateForm.textarea("reason", "Reason for withdrawing", hint: "Shown wherever the milestone appears", value: "", errors: errors))
            <button class="button button--secondary" type="submit">Withdraw the milestone</button></form>
            """
        } else {
            lifecycle = ""
        }
        return Layout.page(heading, context: req.layoutContext, errors: errors, """
        <h1>\(heading)</h1>
        <form method="post" action="\(action)" novalidate>\(Layout.csrfField(token))
          <input type="hidden" name="version" value="\(input.version)">
          \(MilestoneUpdateForm.textarea("title", "Milestone", hint: nil, value: input.title, errors: errors))
          \(MilestoneUpdateForm.textField("deadline", "Deadline", hint: "As the plan writes it, such as May-18, Mar-Apr 17, Q3 2017-18 or On-going", value: input.deadline, errors: errors))
          \(MilestoneUpdateForm.textField("leads", "Lead officers", hint: "Separate joint leads with /, such as Will Tuckley / Louise Stamp", value: input.leads, errors: errors))
          <button class="button" type="submit">Save milestone</button>
        </form>
        \(lifecycle)
        """)
    }
}
