import Testing
import WaymarkCore

@Suite struct ReviewerReachTests {
    func match(_ method: String, _ path: String) -> ReviewerReach.Match? {
        ReviewerReach.match(method: method, components: path.split(separator: "/").map(String.init))
    }

    @Test func readsOfTheReviewAndThePlanAreScopedByTheirIds() {
        #expect(match("GET", "/reviews/3") == .init(scope: .review, id: 3))
        #expect(match("GET", "/reviews/3/schedule/2018-06-19") == .init(scope: .review, id: 3))
        #expect(match("GET", "/reviews/3/rooms/7/agenda") == .init(scope: .review, id: 3))
        #expect(match("GET", "/reviews/3/rooms/7/agenda.pdf") == .init(scope: .review, id: 3))
        #expect(match("GET", "/evidence/12/versions/2") == .init(scope: .evidence, id: 12))
        #expect(match("GET", "/plans/1/kpis") == .init(scope: .plan, id: 1))
        #expect(match("GET", "/periods/4/pack.pdf") == .init(scope: .closedPeriod, id: 4))
        #expect(match("GET", "/api/v1/kpis/9") == .init(scope: .kpi, id: 9))
        #expect(match("GET", "/reviews") == .init(scope: .reviewList, id: nil))
        #expect(match("POST", "/sign-out") == .init(scope: .ownAccount, id: nil))
    }

    @Test(arguments: [
        ("POST", "/reviews/3/activities"), ("POST", "/evidence/12/withdraw"), ("GET", "/admin/users"), ("GET", "/admin/audit"),
        ("GET", "/plans"), ("GET", "/plans/1/structure"), ("GET", "/plans/1/periods"), ("GET", "/periods/4"), ("GET", "/periods/4/narrative"),
        ("GET", "/milestones/5/update"), ("GET", "/milestones/5/history"), ("GET", "/directions"), ("GET", "/boards"), ("GET", "/people"),
        ("GET", "/account/tokens"), ("POST", "/account/tokens"), ("GET", "/api/v1/plans"), ("GET", "/api/v1/openapi.json"),
        ("GET", "/plans/1abc"), ("GET", "/plans/-1"), ("GET", "/plans/99999999999999999999999"), ("GET", "/reviews/3/evidence/extra"),
        ("PUT", "/reviews/3"), ("GET", "/review-themes/1"), ("GET", "/my-milestones"), ("GET", "/import"),
    ])
    func everythingElseIsClosed(method: String, path: String) {
        #expect(match(method, path) == nil)
    }
}
