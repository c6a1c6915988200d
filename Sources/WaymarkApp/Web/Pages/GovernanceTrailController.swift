import Fluent
import Vapor
import WaymarkCore

/// `/plans/:planID/governance`: the plan's governance trail, from the append-only audit record:
/// periods opened, closed and reopened, reports put to boards, decisions and revised deadlines.
struct GovernanceTrailController: RouteCollection {
    static let actions = ["period.opened", "period.closed", "period.reopened", "period.rating_overridden", "agenda_item.added",
                          "agenda_item.decided", "revision.agreed", "revision.rejected"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("plans", ":planID", "governance", use: trail)
    }

    func trail(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let plan = try await req.plan()
        let planID = try plan.requireID()
        let events = try await AuditEvent.query(on: req.db).filter(\.$planID == planID).filter(\.$action ~~ Self.actions)
            .sort(\.$occurredAt, .descending).sort(\.$id, .descending).all()
        let pending = try await DeadlineRevision.query(on: req.db).join(Milestone.self, on: \DeadlineRevision.$milestone.$id == \Milestone.$id)
            .filter(Milestone.self, \.$plan.$id == planID).filter(\.$state == .pending).count()
        let rows = events.map { e -> HTML in
            "<tr><td>\(e.occurredAt.map(MilestoneUpdateForm.timestamp) ?? "")</td><td>\(AuditWords.readable(e.summary))</td><td>\(e.actor)</td></tr>"
        }
        return Layout.page("Governance trail: \(plan.title)", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", plan.title)]))
        <h1>Governance trail</h1>
        <p>\(pending == 0 ? "No proposed revised deadlines are waiting for a Board decision." : "\(pending) proposed revised deadline\(pending == 1 ? " is" : "s are") waiting for the next Board meeting.") <a href="/boards">Boards and meetings</a></p>
        \(events.isEmpty ? HTML("<p>Nothing has been reported or decided yet.</p>") : """
        <table class="table"><caption class="visually-hidden">Governance trail, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        """)
    }
}
