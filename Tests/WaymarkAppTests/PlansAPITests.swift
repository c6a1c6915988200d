import Foundation
import Testing
import WaymarkTestSupport
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp
import WaymarkAPI

@Suite struct PlansAPITests {
    private func seeded(_ database: TestDatabase, _ body: (Application, Int) async throws -> Void) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            try await body(app, outcome.planID)
        }
    }

    /// A viewer's API token, as a script would send it.
    private func reader(_ app: Application) async throws -> HTTPHeaders {
        let accounts = try await TestAccounts.make(app)
        let viewer = try #require(try await User.find(accounts.ids[.viewer], on: app.db))
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: try await APITokenService(db: app.db).create(for: viewer, name: "test", by: "test"))
        return headers
    }

    @Test(arguments: TestDatabase.allCases)
    func listsAndShowsPlans(database: TestDatabase) async throws {
        try await seeded(database) { app, id in
            let tester = try app.testing()
            let auth = try await reader(app)
            let health = try await tester.sendRequest(.GET, "/health")
            #expect(health.status == .ok)
            #expect(try health.content.decode(HealthResponse.self).database == database.rawValue.replacingOccurrences(of: "postgres", with: "postgresql"))

            let plans = try await tester.sendRequest(.GET, "/api/v1/plans", headers: auth)
            #expect(plans.status == .ok)
            let summaries = try plans.content.decode([PlanSummary].self)
            #expect(summaries.map(\.milestones) == [115])
            #expect(summaries.first?.period == "2017-18")

            let detail = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)", headers: auth)
            #expect(detail.status == .ok)
            let plan = try detail.content.decode(Components.Schemas.PlanDetail.self)
            #expect(plan.areas.count == 5)
            #expect(plan.areas.flatMap { $0.activities.map(\.number) } == Array(1...26))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func statusAndMilestonesTakeAnAsOfDate(database: TestDatabase) async throws {
        try await seeded(database) { app, id in
            let tester = try app.testing()
            let auth = try await reader(app)
            let status = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/status?as_of=2017-12-31", headers: auth)
            #expect(status.status == .ok)
            let report = try status.content.decode(PlanStatusReport.self)
            #expect(report.asOf == "2017-12-31")
            #expect(report.total.counts.overdue == 79)
            #expect(report.summary == "31% completed or on target, 69% delayed or overdue")
            #expect(status.body.string.contains("\"percent_completed_or_on_target\""))

            let early = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/status?as_of=2016-12-31", headers: auth)
            #expect(try early.content.decode(PlanStatusReport.self).total.counts.onTarget == 115)

            let list = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/milestones?status=overdue&area=Grants&as_of=2017-12-31", headers: auth)
            #expect(list.status == .ok)
            let milestones = try list.content.decode([MilestoneListing].self)
            #expect(milestones.count == 18)
            #expect(milestones.allSatisfy { $0.statusLabel == "Overdue" })

            let byLead = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/milestones?lead=Mina%20Joshi&as_of=2017-12-31", headers: auth)
            #expect(try byLead.content.decode([MilestoneListing].self).count == 4)
        }
    }

    @Test func milestoneListsArePaged() async throws {
        try await seeded(.sqlite) { app, id in
            let tester = try app.testing()
            let auth = try await reader(app)
            let first = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/milestones?limit=50", headers: auth)
            #expect(try first.content.decode([MilestoneListing].self).count == 50)
            #expect(first.headers.first(name: "X-Total-Count") == "115")
            let next = try #require(first.headers.first(name: "Link"))
            #expect(next.contains("limit=50&offset=50>; rel=\"next\""))
            let last = try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/milestones?limit=50&offset=100", headers: auth)
            let tail = try last.content.decode([MilestoneListing].self)
            #expect(tail.count == 15)
            #expect(tail.last?.ref == "26.5")
            #expect(last.headers.first(name: "Link") == nil)
            #expect(try await tester.sendRequest(.GET, "/api/v1/plans/\(id)/milestones?limit=0", headers: auth).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func errorsAreJSONWithAStableCode(database: TestDatabase) async throws {
        try await seeded(database) { app, id in
            let tester = try app.testing()
            let auth = try await reader(app)
            let cases: [(String, HTTPStatus, String)] = [
                ("/api/v1/plans/999", .notFound, "not_found"),
                ("/api/v1/plans/abc", .badRequest, "invalid_parameter"),
                ("/api/v1/plans/\(id)/status?as_of=31-12-2017", .badRequest, "invalid_parameter"),
                ("/api/v1/plans/\(id)/milestones?status=late", .badRequest, "invalid_parameter"),
                ("/api/v1/nothing-here", .notFound, "not_found"),
            ]
            for (path, status, code) in cases {
                let response = try await tester.sendRequest(.GET, path, headers: auth)
                #expect(response.status == status, "\(path)")
                let body = try response.content.decode(APIErrorBody.self)
                #expect(body.error.code == code, "\(path)")
                #expect(!body.error.message.isEmpty)
            }
        }
    }
}
