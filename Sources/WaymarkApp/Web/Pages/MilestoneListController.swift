import Fluent
import SQLKit
import Vapor
import WaymarkCore

/// The milestone list with filters that live in the URL, so a filtered list can be shared, and
/// "My milestones" for lead officers.
struct MilestoneListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "milestones", use: list)
        routes.get("my-milestones", use: mine)
        routes.get("activities", ":activityID", use: activity)
    }

    func list(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let page = try await MilestoneListPage.load(try await req.plan(), query: try Self.query(req), on: req.db, cache: req.application.reportCache)
        return page.render(req.layoutContext)
    }

    /// The list's filters and page, from the URL; a bad date is refused naming its field.
    static func query(_ req: Request) throws -> MilestoneListPage.Query {
        let q = req.query
        // A page at a time, as GOV.UK's pagination has it: one area of a large plan was a page of
        // hundreds of kilobytes.
        return MilestoneListPage.Query(search: q[String.self, at: "q"], area: q[String.self, at: "area"], lead: q[String.self, at: "lead"],
                                       status: q[String.self, at: "status"] ?? "",
                                       dueBefore: q[String.self, at: "due_before"].flatMap { CalendarDate(iso: $0) },
                                       asOf: try req.asOfDate(), recordedOn: try req.recordedOnDate(),
                                       perPage: q[Int.self, at: "per_page"] == 100 ? 100 : 50, page: max(1, q[Int.self, at: "page"] ?? 1),
                                       kept: Pagination.kept(req.url.query))
    }

    /// One activity: its milestones with their statuses, and its own roll-up.
    func activity(req: Request) async throws -> HTML {
        try req.authorize(.read)
        guard let id = req.parameters.get("activityID").flatMap(Int.init), let activity = try await Activity.find(id, on: req.db),
              let plan = try await Plan.find(activity.$plan.id, on: req.db), let area = try await Area.find(activity.$area.id, on: req.db) else {
            throw Abort(.notFound, reason: "There is no such activity.")
        }
        let asOf = try req.asOfDate()
        let report = try await PlanStatusService.report(for: plan, asOf: asOf, on: req.db, cache: req.application.reportCache)
        let counts = report.activities.first { $0.activityID == id }?.counts ?? StatusCounts()
        let milestones = try await MilestoneQuery.page(plan: plan, asOf: asOf, filter: .init(activityID: id), limit: nil,
                                                       on: req.db, cache: req.application.reportCache).items
        return Layout.page("Activity \(activity.label): \(activity.title)", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(plan.id ?? 0)", plan.title), ("/plans/\(plan.id ?? 0)/milestones?area=\(area.id ?? 0)", area.name)]))
        <span class="caption">\(area.name) – activity \(activity.label)</span>
        <h1>\(activity.title)</h1>
        <p class="lead">\(counts.sentence(in: plan.scheme))</p>
        <p>On \(asOf.display): \(plan.scheme.statuses.map { "\(counts[code: $0.code]) \(plan.scheme.isStandard ? $0.short.lowercased() : $0.short)" }.joined(separator: ", "))\(counts.withdrawn > 0 ? "; \(counts.withdrawn) withdrawn" : ""). \(counts.percentComplete.percentText) complete.</p>
        \(Self.table(milestones, caption: "Milestones of activity \(activity.label)", asOf: asOf))
        """)
    }

    func mine(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        guard let personID = user.$person.id else {
            return Layout.page("My milestones", context: req.layoutContext, """
            <h1>My milestones</h1>
            <p>Your account is not linked to a lead officer, so no milestones are yours to update. An administrator can link it.</p>
            """)
        }
        let today = AsOf.today()
        let plans = try await Plan.query(on: req.db).filter(\.$state != .closed).sort(\.$id).all()
        var needsUpdate: [MilestoneListing] = [], dueSoon: [MilestoneListing] = [], late: [MilestoneListing] = []
        let quarterStart = ReportingPeriod.containing(today, cadence: .quarterly).start
        let updatedThisQuarter = try await Self.milestonesUpdatedSince(quarterStart, on: req.db)
        let person = try await Person.find(personID, on: req.db)
        for plan in plans {
            let mine = try await MilestoneQuery.page(plan: plan, asOf: today, filter: MilestoneFilter(personID: personID, includeWithdrawn: false),
                                                  limit: nil, on: req.db, cache: req.application.reportCache).items
            for m in mine where m.status != MilestoneStatus.completed.rawValue {
                if m.statusKind?.hasPrefix("late_") == true { late.append(m) }
                if let due = m.due.flatMap({ CalendarDate(iso: $0) }), due >= today, due <= today.adding(days: 30) { dueSoon.append(m) }
                if !updatedThisQuarter.contains(m.id) { needsUpdate.append(m) }
            }
        }
        return Layout.page("My milestones", context: req.layoutContext, """
        <h1>My milestones</h1>
        <p>Milestones led by \(person?.name ?? "you"), including joint ones, on \(today.display).</p>
        <h2>Needs an update this quarter (\(needsUpdate.count))</h2>
        \(needsUpdate.isEmpty ? "<p>Every milestone has an update since \(quarterStart.display).</p>" : Self.table(needsUpdate, caption: "Needs an update this quarter"))
        <h2>Due in the next 30 days (\(dueSoon.count))</h2>
        \(dueSoon.isEmpty ? "<p>Nothing is due in the next 30 days.</p>" : Self.table(dueSoon, caption: "Due in the next 30 days"))
        <h2>Delayed or overdue (\(late.count))</h2>
        \(late.isEmpty ? "<p>Nothing is delayed or overdue.</p>" : Self.table(late, caption: "Delayed or overdue"))
        """)
    }

    static func milestonesUpdatedSince(_ day: CalendarDate, on db: any Database) async throws -> Set<Int> {
        let updates = try await MilestoneUpdate.query(on: db).filter(\.$createdAt >= AsOf.start(of: day)).field(\.$milestone.$id).all()
        return Set(updates.map { $0.$milestone.id })
    }

    /// What an imported file said, where it differs from what Waymark works out: shown, not hidden.
    static func reported(_ m: MilestoneListing) -> HTML {
        guard let code = m.reportedStatus, code != m.schemeStatus else { return "" }
        let day = m.reportedOn.flatMap { CalendarDate(iso: $0)?.display }.map { " on \($0)" } ?? ""
        return "<br><span class=\"hint\">Reported\(day): \(m.reportedLabel ?? code)</span>"
    }

    static func table(_ milestones: [MilestoneListing], caption: String, asOf: CalendarDate? = nil) -> HTML {
        let query = asOf.map { "?as_of=\($0.iso)" } ?? ""
        let rows = milestones.map { m -> HTML in
            """
            <tr><td>\(m.ref)</td><td><a href="/milestones/\(m.id)\(query)">\(m.title)</a><br><span class="hint">\(m.area) – <a href="/activities/\(m.activityID)\(query)">activity \(m.activityRef)</a></span></td>
            <td>\(m.leads.joined(separator: ", "))</td><td>\(m.deadline)</td>
            <td>\(Layout.statusTag(m.statusLabel, key: m.statusColour))\(reported(m))</td></tr>
            """
        }
        return """
        <table class="table"><caption class="visually-hidden">\(caption)</caption>
        <thead><tr><th scope="col">Ref</th><th scope="col">Milestone</th><th scope="col">Leads</th><th scope="col">Deadline</th><th scope="col">Status</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }
}
