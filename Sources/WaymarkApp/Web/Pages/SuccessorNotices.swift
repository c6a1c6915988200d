import Fluent
import Vapor
import WaymarkCore

/// The links between a plan and its successor, and between a carried milestone and its origin,
/// as the dashboards and milestone pages show them. Both ends always show the link.
enum SuccessorNotices {
    /// On a plan's dashboard: where a closed plan's work went and what it delivered, or which
    /// plan this one continues.
    static func dashboard(_ plan: Plan, req: Request) async throws -> HTML {
        let started: HTML = req.query[String.self, at: "successor"] == "1"
            ? FormFields.successBanner("New plan started", "The chosen milestones were carried forward, and the plan it continues is now closed.") : ""
        var notices: [HTML] = [started]
        if plan.state == .closed { notices.append(try await closedNotice(plan, on: req.db)) }
        if let oldID = plan.successorOf, let old = try await Plan.find(oldID, on: req.db) {
            let carried = try await Milestone.query(on: req.db).filter(\.$plan.$id == plan.requireID()).filter(\.$carriedFrom != nil).count()
            notices.append("<p class=\"lead\">Continues <a href=\"/plans/\(oldID)\">\(old.title)</a>: \(carried) milestone\(carried == 1 ? "" : "s") carried forward.</p>")
        }
        return notices.reduce(HTML(""), +)
    }

    /// The offer to start a successor: only to the performance team, and never on a closed plan.
    static func startLink(_ plan: Plan, user: User?) -> HTML {
        guard plan.state != .closed, let user, SuccessorPlanService.may(user) else { return "" }
        return "<p><a href=\"/plans/\(plan.id ?? 0)/successor\">Start a successor plan, carrying forward its open milestones, and close this one</a></p>"
    }

    /// "Closed on 31 Mar 2018. Its work continues in …", with the figures frozen that day.
    static func closedNotice(_ plan: Plan, on db: any Database, id: String? = nil) async throws -> HTML {
        let successor = try await Plan.query(on: db).filter(\.$successorOf == plan.requireID()).first()
        let day = plan.closedOn.flatMap { CalendarDate(iso: $0)?.display }
        let continues: HTML = successor.map { "Its work continues in <a href=\"/plans/\($0.id ?? 0)\">\($0.title)</a>." } ?? ""
        let heading = "<h2>This plan is closed</h2><p>\(day.map { "Closed on \($0)." } ?? "Closed.") \(continues)</p>" as HTML
        guard let figures = plan.frozenFigures else {
            return "<div class=\"notification\" role=\"region\" aria-label=\"Closed plan\"\(id.map { HTML(" id=\"\($0)\" tabindex=\"-1\"") } ?? "")>\(heading)</div>"
        }
        let rows = figures.areas.map { area -> HTML in
            "<tr><th scope=\"row\">\(area.name)</th><td class=\"numeric\">\(area.active)</td><td class=\"numeric\">\(area.completed)</td><td class=\"numeric\">\(area.carriedForward)</td><td class=\"numeric\">\(area.withdrawn)</td></tr>"
        }
        let total: HTML = "<tr class=\"table__total\"><th scope=\"row\">Total</th><td class=\"numeric\">\(figures.active)</td><td class=\"numeric\">\(figures.completed)</td><td class=\"numeric\">\(figures.carriedForward)</td><td class=\"numeric\">\(figures.withdrawn)</td></tr>"
        let closedDay = CalendarDate(iso: figures.closedOn)?.display ?? figures.closedOn
        return """
        <div class="notification" role="region" aria-label="Closed plan"\(id.map { HTML(" id=\"\($0)\" tabindex=\"-1\"") } ?? "")>\(heading)
        <p><strong>Final figures:</strong> \(figures.sentence)</p>
        <table class="table"><caption>Final figures by area, frozen on \(closedDay)</caption>
        <thead><tr><th scope="col">Area</th><th scope="col" class="numeric">Milestones</th><th scope="col" class="numeric">Completed</th>\
        <th scope="col" class="numeric">Carried forward</th><th scope="col" class="numeric">Withdrawn, not counted</th></tr></thead>
        <tbody>\(rows)\(total)</tbody></table>
        <p>The figures below are worked out from the milestones as they stand now; these are the ones the plan closed with.</p>
        </div>
        """
    }

    /// Rows for a milestone page's summary list: where it came from, and where it went.
    static func milestone(_ m: Milestone, on db: any Database) async throws -> HTML {
        var rows: [HTML] = []
        if let originID = m.carriedFrom, let origin = try await Milestone.find(originID, on: db), let plan = try await Plan.find(origin.$plan.id, on: db) {
            rows.append("""
            <dt>Carried forward from</dt><dd><a href="/milestones/\(originID)">\(origin.title)</a> in <a href="/plans/\(plan.id ?? 0)">\(plan.title)</a>; \
            its history before that is there.</dd>
            """)
        }
        for copy in try await Milestone.query(on: db).filter(\.$carriedFrom == m.requireID()).sort(\.$id).all() {
            let plan = try await Plan.find(copy.$plan.id, on: db)
            rows.append("""
            <dt>Carried forward to</dt><dd><a href="/milestones/\(copy.id ?? 0)">\(copy.title)</a> in <a href="/plans/\(copy.$plan.id)">\(plan?.title ?? "the successor plan")</a>, \
            where its work continues.</dd>
            """)
        }
        return rows.reduce(HTML(""), +)
    }
}
