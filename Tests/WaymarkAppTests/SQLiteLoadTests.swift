import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The embedded database under a council's busiest moment: a dozen people saving at once while
/// others load the sign-in page. Every save is answered 201 and nothing answers 5xx.
@Suite struct SQLiteLoadTests {
    @Test func twelveWritersAndFourVisitorsForThreeSeconds() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let headers = try await apiHeaders(app, accounts, .performanceOfficer)
            let milestones = try await Milestone.query(on: app.db).sort(\.$id).limit(12).all().map { try $0.requireID() }
            let sessionsBefore = try await app.count("_fluent_sessions")
            let tester = try app.testing()
            let until = ContinuousClock.now + .seconds(3)
            let sendHeaders = headers

            let outcomes = await withTaskGroup(of: [UInt].self) { group in
                for milestoneID in milestones {
                    group.addTask {
                        var statuses: [UInt] = []
                        var version = 1
                        while ContinuousClock.now < until {
                            let body = #"{"commentary": "Saved at version \#(version)", "version": \#(version)}"#
                            let status = (try? await tester.sendRequest(.POST, "/api/v1/milestones/\(milestoneID)/updates", headers: sendHeaders,
                                                                       body: ByteBuffer(string: body)).status.code) ?? 599
                            statuses.append(status)
                            if status == 201 { version += 1 }
                        }
                        return statuses
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        var statuses: [UInt] = []
                        while ContinuousClock.now < until {
                            statuses.append((try? await tester.sendRequest(.GET, "/sign-in").status.code) ?? 599)
                        }
                        return statuses
                    }
                }
                var all: [[UInt]] = []
                for await statuses in group { all.append(statuses) }
                return all
            }
            let statuses = outcomes.flatMap { $0 }
            let saves = statuses.filter { $0 == 201 }.count
            let tally = Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count)
            let serverErrors = statuses.filter { $0 >= 500 }.count
            #expect(serverErrors == 0, "\(tally)")
            #expect(Set(statuses).isSubset(of: [200, 201]), "\(tally)")
            #expect(saves >= 12)
            // Every accepted save is on record once, and visitors who did not sign in wrote no sessions.
            #expect(try await MilestoneUpdate.query(on: app.db).count() == saves)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.progress_updated").count() == saves)
            #expect(try await app.count("_fluent_sessions") == sessionsBefore)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func signingInNeedsTheFormCookieAndVisitorsLeaveNoSession(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            var visitor = try WebClient(app)
            for _ in 0..<5 { _ = try await visitor.get("/sign-in") }
            #expect(try await app.count("_fluent_sessions") == 0)
            #expect(visitor.cookies["waymark-form"] != nil)
            // A token lifted from one browser is no good in another, which lacks its cookie.
            var other = try WebClient(app)
            _ = try await other.get("/sign-in")
            other.csrf = visitor.csrf
            let forged = try await other.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password])
            #expect(forged.status == .forbidden)
            try await visitor.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            #expect(try await app.count("_fluent_sessions") == 1)
        }
    }
}
