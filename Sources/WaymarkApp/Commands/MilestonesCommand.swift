import Fluent
import Vapor
import WaymarkCore

/// `waymark milestones --plan 1 --status overdue --lead Stamp`: milestones with their status.
struct MilestonesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "status", help: "completed, on_target, delayed or overdue") var status: String?
        @Option(name: "lead", help: "part of a lead officer's name") var lead: String?
        @Option(name: "area", help: "an area's id or name") var area: String?
        @Option(name: "as-of", help: "the day to work statuses out for, YYYY-MM-DD (default today)") var asOf: String?
        @Option(name: "format", help: "table (default), csv or json") var format: String?
    }

    var help: String { "Lists milestones with their leads, deadline and status." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let format = try OutputFormat.parse(signature.format)
        let asOf = try AsOf.parse(signature.asOf)
        guard let reference = signature.plan else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        let db = context.application.db
        let plan = try await PlanLookup.require(reference, on: db)
        let filter = MilestoneFilter(area: signature.area, lead: signature.lead, schemeStatuses: try MilestoneFilter.parseStatus(signature.status, scheme: plan.scheme))
        let listings = try await MilestoneQuery.list(plan: plan, asOf: asOf, filter: filter, on: db)
        if format == .json {
            context.console.output(try OutputFormat.json(listings).consoleText(), newLine: false)
            return
        }
        let headers = ["Ref", "Area", "Milestone", "Leads", "Deadline", "Due", "Status"]
        let rows = listings.map { m -> [String] in
            let title = format == .table && m.title.count > 60 ? String(m.title.prefix(59)) + "…" : m.title
            let due = format == .table ? (m.due.flatMap { CalendarDate(iso: $0)?.display } ?? "–") : (m.due ?? "")
            return [m.ref, m.area, title, m.leads.joined(separator: format == .csv ? "; " : ", "), m.deadline, due, m.statusLabel]
        }
        var output = OutputFormat.render(format, headers: headers, rows: rows)
        if format == .table { output += "\n\(listings.count) milestone(s), statuses as of \(asOf.display).\n" }
        context.console.output(output.consoleText(), newLine: false)
    }
}
