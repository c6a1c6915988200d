import Fluent
import Vapor
import WaymarkCore

/// `/admin/outbox`: every reminder Waymark has written, whether it was sent, is waiting for a
/// mail server, or failed, with the text that was (or will be) sent.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "outbox", use: outbox)
    }

    func outbox(req: Request) async throws -> HTML {
        let user = try req.authorize(.viewAudit)
        let reminders = try await Reminder.query(on: req.db).with(\.$person).with(\.$period).sort(\.$id, .descending).range(..<500).all()
        // A reminder written before its lead officer had an address goes to the one added since.
        let addresses = try await ReminderService.addresses(on: req.db)
        let canAddAddress = user.access.may(.managePeople)
        let rows = reminders.map { r -> HTML in
            let address = r.address ?? (r.state == .sent ? nil : addresses[r.$person.id])
            let tag: HTML, note: HTML
            switch (r.state, address) {
            case (.sent, _):
                (tag, note) = (Layout.statusTag("Sent", key: "completed"), "")
            case (_, nil):
                // It can never be sent until the lead officer has an email address.
                tag = Layout.statusTag("No address", key: "overdue")
                note = canAddAddress
                    ? "<br><a href=\"/people/\(r.$person.id)\">Add an email address for \(r.person.name)</a>"
                    : "<br><span class=\"hint\">A performance officer can add \(r.person.name)'s email address under Lead officers.</span>"
            case (.outbox, _):
                (tag, note) = (Layout.statusTag("Waiting", key: "delayed"), "")
            case (.failed, _):
                (tag, note) = (Layout.statusTag("Failed", key: "overdue"), "")
            case (.sending, _):
                (tag, note) = (Layout.statusTag("Sending", key: "on-target"), "")
            }
            let to: HTML = address.map { "\(r.person.name) &lt;\($0)&gt;" as HTML } ?? "\(r.person.name) (no email address recorded)"
            return """
            <tr><td>\(r.createdAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(to)</td><td>\(r.period.label): \(r.occasion.label)</td>
            <td>\(tag)\(note)\(r.detail.map { HTML("<br><span class=\"hint\">\($0)</span>") } ?? "")</td>
            <td><details><summary>\(r.subject)</summary><pre class="email">\(r.body)</pre></details></td></tr>
            """
        }
        let server: HTML = req.application.mailer == nil
            ? "<p>No mail server is configured, so reminders wait here. Set <code>WAYMARK_SMTP_URL</code> (such as <code>smtp://relay.council.local:25</code>) and they are sent on the next hourly run, or with <code>waymark send-reminders</code>.</p>"
            : "<p>Reminders go to the configured mail server. Waiting and failed ones are tried again every hour.</p>"
        let unaddressed = Set(reminders.filter { $0.state != .sent && $0.address == nil && addresses[$0.$person.id] == nil }.map { $0.$person.id }).count
        return Layout.page("Outbox", context: req.layoutContext, """
        <h1>Outbox</h1>
        \(server)
        \(unaddressed == 0 ? HTML("") : HTML("<p>\(Plural.count(unaddressed, "lead officer")) \(unaddressed == 1 ? "has" : "have") no email address, so their reminders show as <strong>No address</strong>. Once an address is added, they are sent on the next run.</p>"))
        \(reminders.isEmpty ? HTML("<p>No reminders yet. They are written when a reporting period opens, and again a week before it ends.</p>") : """
        <table class="table"><caption class="visually-hidden">Reminders, newest first</caption>
        <thead><tr><th scope="col">Written</th><th scope="col">To</th><th scope="col">Occasion</th><th scope="col">State</th><th scope="col">Email</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """)
        """)
    }
}
