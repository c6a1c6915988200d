import Fluent
import Vapor
import WaymarkCore

/// What the milestone list shows: one page of a plan's milestones under the filters in the URL.
/// `load` does all the reading; `render` only writes markup, so every state of the page can be
/// tried by building a value.
struct MilestoneListPage: Sendable {
    /// What the URL asked for. Filters live in the URL, so a filtered list can be shared.
    struct Query: Sendable {
        var search: String?
        var area: String?
        var lead: String?
        /// A status code of the plan's scheme, a kind or a criteria code; "" for any.
        var status = ""
        var dueBefore: CalendarDate?
        var asOf: CalendarDate
        /// The plan as it stood at the end of this day, rebuilt from the audit trail; nil for now.
        var recordedOn: CalendarDate?
        var perPage = 50
        var page = 1
        /// The URL's parameters other than `page`, kept in the page links.
        var kept: [Pagination.Parameter] = []
    }

    struct Choice: Sendable, Equatable {
        var value: String
        var label: String
    }

    var planID: Int
    var planTitle: String
    var statuses: [Choice]
    var areas: [Choice]
    var query: Query
    var milestones: [MilestoneListing]
    /// Milestones matching the filters, on every page.
    var total: Int

    static func load(_ plan: Plan, query: Query, on db: any Database, cache: ReportCache?) async throws -> Self {
        let planID = try plan.requireID(), scheme = plan.scheme
        // A status the plan's scheme does not know filters nothing out, as "Any status" would.
        var filter = MilestoneFilter(area: query.area, lead: query.lead, schemeStatuses: (try? MilestoneFilter.parseStatus(query.status, scheme: scheme)) ?? nil)
        filter.dueBefore = query.dueBefore
        filter.search = query.search
        let offset = (query.page - 1) * query.perPage
        let found: MilestoneSlice
        if let recordedOn = query.recordedOn {
            let all = MilestoneQuery.apply(filter, to: try await PointInTimeService.listings(plan: plan, at: AsOf.end(of: recordedOn), asOf: query.asOf, on: db))
            found = MilestoneSlice(items: Array(all.dropFirst(offset).prefix(query.perPage)), total: all.count)
        } else {
            found = try await MilestoneQuery.page(plan: plan, asOf: query.asOf, filter: filter, limit: query.perPage, offset: offset, on: db, cache: cache)
        }
        let areas = try await Area.query(on: db).filter(\.$plan.$id == planID).sort(\.$position).all()
        return MilestoneListPage(planID: planID, planTitle: plan.title, statuses: scheme.statuses.map { Choice(value: $0.code, label: $0.short) },
                                 areas: areas.map { Choice(value: String($0.id ?? 0), label: $0.name) }, query: query,
                                 milestones: found.items, total: found.total)
    }

    var pages: Int { max(1, (total + query.perPage - 1) / query.perPage) }

    /// How many are shown, said for the status line that screen readers announce.
    var shownText: String {
        let first = (query.page - 1) * query.perPage + 1
        if total == 0 { return "No milestones match" }
        if milestones.isEmpty { return "No milestones on page \(query.page); there are \(pages) page\(pages == 1 ? "" : "s")" }
        if total <= query.perPage { return "\(total) milestone\(total == 1 ? "" : "s")" }
        return "Showing \(first) to \(first + milestones.count - 1) of \(total) milestones"
    }

    func render(_ context: Layout.Context) -> HTML {
        func option(_ choice: Choice, selected: String?) -> HTML {
            "<option value=\"\(choice.value)\"\(choice.value == (selected ?? "") ? HTML(" selected") : "")>\(choice.label)</option>"
        }
        let areaOptions = ([Choice(value: "", label: "All areas")] + areas).map { option($0, selected: query.area) }
        let statusOptions = ([Choice(value: "", label: "Any status")] + statuses).map { option($0, selected: query.status) }
        let perPageOptions = ["50", "100"].map { option(Choice(value: $0, label: $0), selected: String(query.perPage)) }
        let pastNotice: HTML = query.recordedOn.map { day in
            "<div class=\"notification\" role=\"region\" aria-label=\"Past view\"><p>Milestones as they stood at the end of \(day.display), rebuilt from the audit trail (areas, activities and leads as they are now).</p></div>"
        } ?? ""
        return Layout.page("Milestones – \(planTitle)", context: context, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", planTitle)]))
        <h1>Milestones</h1>
        <form method="get" action="/plans/\(planID)/milestones" class="filters" role="search" aria-label="Filter milestones">
          <div class="form-group"><label class="label" for="q">Search</label><input class="input" type="search" id="q" name="q" value="\(query.search ?? "")"></div>
          <div class="form-group"><label class="label" for="area">Area</label><select class="select" id="area" name="area">\(areaOptions)</select></div>
          <div class="form-group"><label class="label" for="lead">Lead officer</label><input class="input input--width-10" id="lead" name="lead" value="\(query.lead ?? "")"></div>
          <div class="form-group"><label class="label" for="status">Status</label><select class="select" id="status" name="status">\(statusOptions)</select></div>
          <div class="form-group"><label class="label" for="due_before">Due before</label><input class="input input--width-10" type="date" id="due_before" name="due_before" value="\(query.dueBefore?.iso ?? "")"></div>
          <div class="form-group"><label class="label" for="as_of">Status as of</label><input class="input input--width-10" type="date" id="as_of" name="as_of" value="\(query.asOf.iso)"></div>
          <div class="form-group"><label class="label" for="recorded_on">As the plan stood on</label><input class="input input--width-10" type="date" id="recorded_on" name="recorded_on" value="\(query.recordedOn?.iso ?? "")"></div>
          <div class="form-group"><label class="label" for="per_page">Milestones a page</label><select class="select" id="per_page" name="per_page">\(perPageOptions)</select></div>
          <div class="form-group"><button class="button button--secondary" type="submit">Apply filters</button></div>
        </form>
        \(pastNotice)
        <p role="status">\(shownText)</p>
        \(MilestoneListController.table(milestones, caption: "Milestones", asOf: query.asOf))
        \(Pagination.links(page: query.page, of: pages, path: "/plans/\(planID)/milestones", query: query.kept.map { ($0.name, $0.value) }, label: "Pages of milestones"))
        """)
    }
}
