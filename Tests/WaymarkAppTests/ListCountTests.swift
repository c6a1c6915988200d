import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The list API keeps each filter's total per server, keyed by the plan's data version and
/// stored statuses as read with the plan. A write through another server must show at once.
@Suite struct ListCountTests {
    /// The seed plan on two servers sharing one database: a viewer reads through the first and a
    /// performance officer writes through the second.
    private struct TwoServers {
        var outcome: PlanImportService.Outcome, first: Application
        var reader: HTTPHeaders, officer: HTTPHeaders
        var reading: any TestingApplicationTester, writing: any TestingApplicationTester
    }

    private func withSeedPlanOnTwoServers(_ database: TestDatabase, _ body: (TwoServers) async throws -> Void) async throws {
        try await withTwoApps(database) { first, second in
            let outcome = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            try await body(TwoServers(outcome: outcome, first: first, reader: try await apiHeaders(first, accounts, .viewer),
                                      officer: try await apiHeaders(second, accounts, .performanceOfficer),
                                      reading: try first.testing(), writing: try second.testing()))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aTotalKeptOnOneServerFollowsWritesThroughAnother(database: TestDatabase) async throws {
        try await withSeedPlanOnTwoServers(database) { servers in
            let (outcome, first, reader, officer, reading, writing) = (servers.outcome, servers.first, servers.reader, servers.officer,
                                                                       servers.reading, servers.writing)
            func total(_ filter: String) async throws -> Int {
                let answer = try await reading.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?limit=1\(filter)", headers: reader)
                #expect(answer.status == .ok, "\(filter): \(answer.body.string)")
                return Int(answer.headers.first(name: "X-Total-Count") ?? "") ?? -1
            }
            #expect(try await total("") == 115)
            let completed = try await total("&status=completed")
            #expect(try await total("&status=completed") == completed)

            let activity = try #require(try await Activity.query(on: first.db).filter(\.$plan.$id == outcome.planID).first())
            let added = try await writing.sendRequest(.POST, "/api/v1/activities/\(activity.id!)/milestones", headers: officer,
                                                      body: ByteBuffer(string: #"{"title": "Publish the count", "deadline": "Jun-18", "leads": "Lucy Marsh"}"#))
            #expect(added.status == .created, "\(added.body.string)")
            #expect(try await total("") == 116)

            let open = try #require(try await Milestone.query(on: first.db).filter(\.$plan.$id == outcome.planID)
                .filter(\.$completedDate == nil).filter(\.$lifecycle == .active).first())
            let update = #"{"commentary": "Done", "completed": "\#(AsOf.today().iso)", "version": \#(open.version)}"#
            let saved = try await writing.sendRequest(.POST, "/api/v1/milestones/\(open.id!)/updates", headers: officer, body: ByteBuffer(string: update))
            #expect(saved.status == .created, "\(saved.body.string)")
            #expect(try await total("&status=completed") == completed + 1)

            let withdrawn = try await writing.sendRequest(.POST, "/api/v1/milestones/\(open.id!)/withdraw", headers: officer,
                                                          body: ByteBuffer(string: #"{"reason": "Merged into another", "version": \#(open.version + 1)}"#))
            #expect(withdrawn.status == .ok, "\(withdrawn.body.string)")
            #expect(try await total("&status=completed") == completed)
            #expect(try await total("") == 116)
        }
    }

    /// The plans' list keeps each plan's sizes per server on the same terms as the totals.
    @Test(arguments: TestDatabase.allCases)
    func planSizesKeptOnOneServerFollowWritesThroughAnother(database: TestDatabase) async throws {
        try await withSeedPlanOnTwoServers(database) { servers in
            let (outcome, first, reader, officer, reading, writing) = (servers.outcome, servers.first, servers.reader, servers.officer,
                                                                       servers.reading, servers.writing)
            struct Sizes: Decodable, Equatable { var areas: Int, activities: Int, milestones: Int }
            func sizes() async throws -> (listed: Sizes?, one: Sizes?) {
                let listed = try await reading.sendRequest(.GET, "/api/v1/plans", headers: reader)
                let one = try await reading.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)", headers: reader)
                #expect(listed.status == .ok && one.status == .ok, "\(listed.body.string) \(one.body.string)")
                struct Plans: Decodable { var id: Int, areas: Int, activities: Int, milestones: Int }
                struct One: Decodable { var plan: Plans }
                let plan = try JSONDecoder().decode([Plans].self, from: listed.body).first { $0.id == outcome.planID }
                let single = try JSONDecoder().decode(One.self, from: one.body).plan
                return (plan.map { Sizes(areas: $0.areas, activities: $0.activities, milestones: $0.milestones) },
                        Sizes(areas: single.areas, activities: single.activities, milestones: single.milestones))
            }
            let before = try #require(try await sizes().listed)
            #expect(try await sizes().one == before)
            #expect(before.areas == 5 && before.activities == 26 && before.milestones == 115)

            let area = try await writing.sendRequest(.POST, "/api/v1/plans/\(outcome.planID)/areas", headers: officer,
                                                     body: ByteBuffer(string: #"{"name": "Customer Services"}"#))
            #expect(area.status == .created, "\(area.body.string)")
            let activity = try #require(try await Activity.query(on: first.db).filter(\.$plan.$id == outcome.planID).first())
            let added = try await writing.sendRequest(.POST, "/api/v1/activities/\(activity.id!)/milestones", headers: officer,
                                                      body: ByteBuffer(string: #"{"title": "Count the plans", "deadline": "Jun-18", "leads": "Lucy Marsh"}"#))
            #expect(added.status == .created, "\(added.body.string)")
            let grown = Sizes(areas: 6, activities: 26, milestones: 116)
            #expect(try await sizes().listed == grown)
            #expect(try await sizes().one == grown)

            let open = try #require(try await Milestone.query(on: first.db).filter(\.$plan.$id == outcome.planID).filter(\.$lifecycle == .active).first())
            let withdrawn = try await writing.sendRequest(.POST, "/api/v1/milestones/\(open.id!)/withdraw", headers: officer,
                                                          body: ByteBuffer(string: #"{"reason": "Merged into another", "version": \#(open.version)}"#))
            #expect(withdrawn.status == .ok, "\(withdrawn.body.string)")
            #expect(try await sizes().listed == Sizes(areas: 6, activities: 26, milestones: 115), "a withdrawn milestone is not counted")
        }
    }

    @Test func filtersThatDifferHaveKeysThatDiffer() {
        let keys = [MilestoneFilter(), MilestoneFilter(area: "1"), MilestoneFilter(area: "1,"), MilestoneFilter(lead: "1"),
                    MilestoneFilter(area: "a\", \"b"), MilestoneFilter(area: "a", lead: "b"), MilestoneFilter(includeWithdrawn: false),
                    MilestoneFilter(schemeStatuses: []), MilestoneFilter(schemeStatuses: ["overdue"]), MilestoneFilter(activityID: 1),
                    MilestoneFilter(milestoneID: 1), MilestoneFilter(personID: 1)].map(\.countKey)
        #expect(Set(keys).count == keys.count)
        #expect(MilestoneFilter(area: " Elections ").countKey == MilestoneFilter(area: "elections").countKey)
    }
}
