import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Two `serve` processes on one database share what people expect them to share: a sign-in made
/// through one works on the other, wrong passwords count on both, and a change made through one
/// shows on the other's dashboard at once, though each keeps its own cache.
@Suite struct TwoServersTests {
    @Test(arguments: TestDatabase.allCases)
    func sessionsThrottlingAndFreshFiguresAreShared(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let plan = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)

            // A session made on the first server is good on the second.
            var onFirst = try WebClient(first)
            try await onFirst.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            var onSecond = try WebClient(second)
            onSecond.cookies = onFirst.cookies
            let dashboard = try await onSecond.get("/plans/\(plan.planID)?as_of=2017-12-31")
            #expect(dashboard.status == .ok && dashboard.body.string.contains("Sign out"))

            // Both servers draw the dashboard, each caching it; a change through the second shows on the first.
            let before = try await onFirst.get("/plans/\(plan.planID)?as_of=2017-12-31").body.string
            let (hers, _) = try await seedMilestones(first)
            let headers = try await apiHeaders(second, accounts, .performanceOfficer)
            let saved = try await second.testing().sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: headers,
                                                               body: ByteBuffer(string: #"{"commentary": "Done early", "completed": "2017-11-30", "version": 1}"#))
            #expect(saved.status == .created || saved.status == .ok, "\(saved.body.string)")
            let after = try await onFirst.get("/plans/\(plan.planID)?as_of=2017-12-31").body.string
            #expect(before != after, "the first server's cached dashboard did not see the second's change")
            let report = try await PlanStatusService.report(for: try #require(try await Plan.find(plan.planID, on: first.db)), asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: first.db)
            #expect(after.contains(report.total.counts.sentence))

            // Wrong passwords sent to both servers count together.
            var guesser = try WebClient(first)
            var other = try WebClient(second)
            _ = try await guesser.get("/sign-in")
            _ = try await other.get("/sign-in")
            for attempt in 0..<SignInThrottle.maxFailures {
                if attempt % 2 == 0 {
                    _ = try await guesser.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": "wrong \(attempt)"])
                } else {
                    _ = try await other.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": "wrong \(attempt)"])
                }
            }
            let refused = try await other.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password])
            #expect(refused.status != .seeOther, "the right password got in after \(SignInThrottle.maxFailures) wrong ones spread over two servers")
        }
    }

    /// The hourly checks run once an hour across all servers: of ten attempts at once through
    /// two servers exactly one takes the lease; nobody else runs them until it runs out.
    @Test(arguments: TestDatabase.allCases)
    func theHourlyChecksRunOnceAcrossServers(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let now = Date()
            let runs = await allAtOnce(10) { index in try await ReminderSchedule.runOnce(index.isMultiple(of: 2) ? first : second, now: now) }
            // On SQLite an attempt still waiting for the write gate after its patience is told the
            // database is busy, and has claimed nothing; anything else is a fault.
            #expect(runs.compactMap(\.thrown).allSatisfy { database == .sqlite && $0 is DatabaseBusy }, "\(runs)")
            #expect(runs.compactMap(\.value).filter { $0 }.count == 1, "\(runs)")
            let holder = try #require(try await JobLease.current(ReminderSchedule.lease, on: first.db as! any SQLDatabase))
            #expect(holder.holder == JobLease.holder && abs(holder.expiresAt.timeIntervalSince(now) - ReminderSchedule.leaseSeconds) < 1)
            // Ten minutes on, the lease still holds; past its end, the next hour's check runs.
            #expect(try await ReminderSchedule.runOnce(second, now: now.addingTimeInterval(600)) == false)
            #expect(try await ReminderSchedule.runOnce(second, now: now.addingTimeInterval(ReminderSchedule.leaseSeconds + 1)) == true)
            #expect(try await ReminderSchedule.runOnce(first, now: now.addingTimeInterval(ReminderSchedule.leaseSeconds + 2)) == false)
        }
    }
}
