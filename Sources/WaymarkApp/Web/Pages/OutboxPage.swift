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
        try req.authorize(.viewAudit)
        let reminders = try await Reminder.query(on: req.db).with(\.$person).with(\.$period).sort(\.$id, .descending).range(..<500).all()
        let rows = reminders.map { r -> HTML in
            let tag: HTML = switch r.state {
            case .sent: Layout.statusTag("Sent", key: "completed")
            case .outbox: Layout.statusTag("Waiting", key: "delayed")
            case .failed: Layout.statusTag("Failed", key: "overdue")
            }
            let to: HTML = r.address.map { "\(r.person.name) &lt;\($0)&gt;" as HTML } ?? "\(r.person.name) (no email address recorded)"
            return """
            <tr><td>\(r.createdAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(to)</td><td>\(r.period.label): \(r.occasion.label)</td>
            <td>\(tag)\(r.detail.map { HTML("<br><span class=\"hint\">\($0)</span>") } ?? "")</td>
            <td><details><summary>\(r.subject)</summary><pre class="email">\(r.body)</pre></details></td></tr>
            """
        }
        let server: HTML = req.application.mailer == nil
            ? "<p>No mail server is configured, so reminders wait here. Set <code>WAYMARK_SMTP_URL</code> (such as <code>smtp://relay.council.local:25</code>) and they are sent on the next hourly run, or with <code>waymark send-reminders</code>.</p>"
            : "<p>Reminders go to the configured mail server. Waiting and failed ones are tried again every hour.</p>"
        return Layout.page("Outbox", context: req.layoutContext, """
        <h1>Outbox</h1>
        \(server)
        \(reminders.isEmpty ? HTML("<p>No reminders yet. They are written when a reporting period opens, and again a week before it ends.</p>") : """
        <table class="table"><caption class="visually-hidden">Reminders, newest first</caption>
        <thead><tr><th scope="col">Written</th><th scope="col">To</th><th scope="col">Occasion</th><th scope="col">State</th><th scope="col">Email</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """)
        """)
    }
}
