import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Lists filtered, ordered and paged in the database must say exactly what the rules in
/// WaymarkCore say for the whole plan: these compare every page with the whole plan worked out
/// in memory, and check the stored statuses follow every kind of write and a new day.
@Suite struct MilestonePagingTests {
    private func reader(_ app: Application) async throws -> HTTPHeaders {
        try await apiHeaders(app, try await TestAccounts.make(app), .viewer)
    }

    /// Every page, walked by offset and by `after`, put together is the whole plan's list for
    /// that filter, as `MilestoneQuery.apply` (the rules, in memory) has it.
    private func expectPagesMatchWholeList(_ app: Application, plan: Plan, filter: MilestoneFilter, label: String) async throws {
        let whole = try await MilestoneQuery.list(plan: plan, asOf: AsOf.today(), filter: filter, on: app.db)
        var byOffset: [MilestoneListing] = [], byAfter: [MilestoneListing] = []
        var after: Int?
        for offset in stride(from: 0, through: whole.count, by: 7) {
            let page = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: filter, limit: 7, offset: offset, on: app.db, cache: nil)
            #expect(page.total == whole.count, "\(label): total")
            byOffset += page.items
            let keyset = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: filter, limit: 7, after: after, on: app.db, cache: nil)
            byAfter += keyset.items
            after = keyset.items.last?.id ?? after
        }
        #expect(byOffset == whole, "\(label): pages by offset")
        #expect(byAfter == whole, "\(label): pages by after")
    }

    @Test(arguments: TestDatabase.allCases)
    func everyFilterPagedInTheDatabaseMatchesTheRulesForTheWholePlan(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let area = try #require(try await Area.query(on: app.db).filter(\.$plan.$id == outcome.planID).sort(\.$position).all().dropFirst().first)
            var filters: [(String, MilestoneFilter)] = [
                ("everything", .init()),
                ("area by id", .init(area: String(try area.requireID()))),
                ("area by name", .init(area: area.name.uppercased())),
                ("lead", .init(lead: "MARSH")),
                ("search", .init(search: "Review")),
                ("due before", .init(dueBefore: CalendarDate(iso: "2017-09-30"))),
                ("no withdrawn", .init(includeWithdrawn: false)),
                ("LIKE's own characters are plain text", .init(search: "%_!")),
            ]
            for status in plan.scheme.statuses { filters.append(("status \(status.code)", .init(schemeStatuses: [status.code]))) }
            for (label, filter) in filters { try await expectPagesMatchWholeList(app, plan: plan, filter: filter, label: label) }
            let overdue = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: .init(schemeStatuses: ["overdue"]), limit: nil, on: app.db, cache: nil)
            #expect(overdue.total > 0, "the 2017-18 plan has overdue milestones today, so the status filter is tried on something")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func storedStatusesFollowUpdatesDecisionsNewMilestonesAndANewDay(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            var plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let completed: MilestoneFilter = .init(schemeStatuses: ["completed"])
            func completedIDs() async throws -> Set<Int> {
                Set(try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: completed, limit: nil, on: app.db, cache: app.reportCache).items.map(\.id))
            }
            let before = try await completedIDs()
            let target = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == outcome.planID).filter(\.$completedDate == nil)
                .filter(\.$lifecycle == .active).sort(\.$id).first())
            #expect(!before.contains(target.id!))

            // A progress update refreshes its own row in its transaction.
            let saved = try await MilestoneUpdateService(db: app.db, user: officer).save(
                milestoneID: target.id!, input: .init(commentary: "Done", completed: AsOf.today().iso, version: target.version), today: AsOf.today())
            #expect(saved.errors.isEmpty)
            #expect(try await completedIDs() == before.union([target.id!]))

            // Editing a milestone's deadline refreshes its own row; the plan is not worked out again.
            let edited = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == outcome.planID).filter(\.$completedDate == nil)
                .filter(\.$lifecycle == .active).filter(\.$id != target.id!).sort(\.$id).first())
            guard case .saved = try await PlanStructureService(db: app.db, user: officer)
                .editMilestone(edited.requireID(), .init(title: edited.title, deadline: "Dec-39", leads: "Lucy Marsh", version: edited.version)) else {
                Issue.record("the milestone was not edited"); return
            }
            struct State: Decodable { var statuses_wanted: Int; var statuses_done: Int }
            let state = try #require(try await (app.db as! any SQLDatabase).raw("SELECT statuses_wanted, statuses_done FROM plans WHERE id = \(bind: outcome.planID)").first(decoding: State.self))
            #expect(state.statuses_done == state.statuses_wanted, "an edit that refreshed its own row leaves the plan current")
            let onTarget = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: .init(schemeStatuses: ["on_target"]), limit: nil, on: app.db, cache: nil)
            #expect(onTarget.items.contains { $0.id == edited.id })

            // A milestone added to the first activity is listed at the end of that activity.
            let firstActivity = try #require(try await Activity.query(on: app.db).filter(\.$plan.$id == outcome.planID).sort(\.$number).first())
            guard case .saved(let added) = try await PlanStructureService(db: app.db, user: officer)
                .addMilestone(to: firstActivity.requireID(), .init(title: "Added later", deadline: "Mar-19", leads: "Lucy Marsh")) else {
                Issue.record("the milestone was not added"); return
            }
            plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let all = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: .init(), limit: nil, on: app.db, cache: app.reportCache).items
            let ofFirst = all.prefix { $0.activityID == firstActivity.id }
            #expect(ofFirst.last?.id == added)
            #expect(all == (try await MilestoneQuery.list(plan: plan, asOf: AsOf.today(), filter: .init(), on: app.db)))

            // A new day: yesterday's stored statuses are worked out again before they are used.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE plans SET statuses_on = '2000-01-01' WHERE id = \(bind: outcome.planID)").run()
            try await sql.raw("UPDATE milestones SET status_code = 'on_target', status_on = '2000-01-01' WHERE plan_id = \(bind: outcome.planID)").run()
            #expect(try await completedIDs() == before.union([target.id!]))
            try await expectPagesMatchWholeList(app, plan: plan, filter: .init(schemeStatuses: ["overdue"]), label: "after a new day")
        }
    }

    /// Deep pages by offset start from a remembered anchor (one every 10 places here) instead of
    /// counting from the start. Every offset must give what counting from the start gives, and
    /// still after a milestone is added near the top (moving every anchor along) and after one
    /// is completed (moving it out of the overdue list).
    @Test(arguments: TestDatabase.allCases)
    func deepPagesFromAnchorsMatchCountingFromTheStart(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let officer = try #require(try await User.find(try await TestAccounts.make(app).ids[.performanceOfficer], on: app.db))
            let anchors = ReportCache(capacity: 256), counts = ReportCache(capacity: 64)
            let overdue = MilestoneFilter(schemeStatuses: ["overdue"])
            func walk(_ filter: MilestoneFilter, _ label: String) async throws {
                let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
                // The first list after a write works the statuses out; the walk reads them current.
                _ = try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: filter, limit: 1, on: app.db, cache: nil)
                let listed = try #require(try await ListedPlan.read(outcome.planID, on: app.db))
                let whole = try await MilestoneQuery.list(plan: plan, asOf: AsOf.today(), filter: filter, on: app.db)
                #expect(whole.count > 20, "\(label): long enough to have anchors")
                let kept = anchors.count
                for offset in 0...whole.count {
                    let page = try await MilestoneQuery.page(plan: listed, asOf: AsOf.today(), filter: filter, limit: 4, offset: offset,
                                                             on: app.db, cache: nil, counts: counts, anchors: anchors, anchorEvery: 10)
                    #expect(page.items.map(\.id) == whole.dropFirst(offset).prefix(4).map(\.id), "\(label): offset \(offset)")
                    #expect(page.total == whole.count, "\(label): total")
                }
                #expect(anchors.count == kept + (whole.count - 1) / 10, "\(label): one anchor kept for every tenth place")
            }
            try await walk(.init(), "everything")
            try await walk(overdue, "overdue")

            let firstActivity = try #require(try await Activity.query(on: app.db).filter(\.$plan.$id == outcome.planID).sort(\.$number).first())
            guard case .saved = try await PlanStructureService(db: app.db, user: officer)
                .addMilestone(to: firstActivity.requireID(), .init(title: "Added near the top", deadline: "Mar-39", leads: "Lucy Marsh")) else {
                Issue.record("the milestone was not added"); return
            }
            try await walk(.init(), "everything, after a milestone was added near the top")
            try await walk(overdue, "overdue, after a milestone was added near the top")

            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let early = try #require(try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: overdue, limit: 1, offset: 3, on: app.db, cache: nil).items.first)
            let version = try #require(try await Milestone.find(early.id, on: app.db)).version
            let saved = try await MilestoneUpdateService(db: app.db, user: officer).save(
                milestoneID: early.id, input: .init(commentary: "Done", completed: AsOf.today().iso, version: version), today: AsOf.today())
            #expect(saved.errors.isEmpty)
            try await walk(overdue, "overdue, after one near the top was completed")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRefreshFromBeforeMidnightDoesNotUndoOneFromAfterIt(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let sql = app.db as! any SQLDatabase
            let tomorrow = AsOf.today().adding(days: 1).iso
            try await sql.raw("UPDATE milestones SET status_code = 'from_tomorrow', status_on = \(bind: tomorrow) WHERE plan_id = \(bind: outcome.planID)").run()
            try await MilestoneStatusIndex.refreshAll(planID: outcome.planID, scheme: plan.scheme, today: AsOf.today(), wanted: 1, on: app.db)
            struct Row: Decodable { var status_code: String? }
            let codes = try await sql.raw("SELECT status_code FROM milestones WHERE plan_id = \(bind: outcome.planID)").all(decoding: Row.self)
            #expect(codes.allSatisfy { $0.status_code == "from_tomorrow" })
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAPIPagesByAfterAndRefusesABadCursor(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let other = try await importSeedPlan(app, into: "Another plan")
            let tester = try app.testing()
            let auth = try await reader(app)
            let first = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?limit=25", headers: auth)
            let firstPage = try first.content.decode([MilestoneListing].self)
            let next = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?limit=25&after=\(firstPage.last!.id)", headers: auth)
            #expect(next.status == .ok)
            #expect(next.headers.first(name: "X-Total-Count") == "115")
            #expect(try #require(next.headers.first(name: "Link")).contains("limit=25&after="))
            let byOffset = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?limit=25&offset=25", headers: auth)
            #expect(try next.content.decode([MilestoneListing].self) == (try byOffset.content.decode([MilestoneListing].self)))

            let otherMilestone = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == other.planID).first())
            for bad in ["after=0", "after=abc", "after=\(otherMilestone.id!)", "after=\(firstPage.last!.id)&offset=5"] {
                let answer = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?\(bad)", headers: auth)
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(answer.body.string.contains("\"message\":\"after: "), "\(bad): \(answer.body.string)")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theWebListComesFiftyOrAHundredAPageKeepingItsFilters(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let first = try await web.get("/plans/\(outcome.planID)/milestones")
            #expect(first.body.string.contains("Showing 1 to 50 of 115 milestones"))
            #expect(first.body.string.contains("aria-label=\"Pages of milestones\""))
            #expect(first.body.string.components(separatedBy: "<tr").count - 2 == 50)
            let hundred = try await web.get("/plans/\(outcome.planID)/milestones?per_page=100")
            #expect(hundred.body.string.contains("Showing 1 to 100 of 115 milestones"))
            #expect(hundred.body.string.components(separatedBy: "<tr").count - 2 == 100)
            let filtered = try await MilestoneQuery.list(plan: try #require(try await Plan.find(outcome.planID, on: app.db)), asOf: AsOf.today(),
                                                         filter: .init(search: "e"), on: app.db)
            try #require(filtered.count > 50, "the search must leave more than a page")
            let second = try await web.get("/plans/\(outcome.planID)/milestones?q=e&page=2")
            #expect(second.body.string.contains("Showing 51 to \(min(100, filtered.count)) of \(filtered.count) milestones"))
            #expect(second.body.string.contains("href=\"/plans/\(outcome.planID)/milestones?q=e&amp;page=1\""), "the previous page's link keeps the filters")
            let beyond = try await web.get("/plans/\(outcome.planID)/milestones?page=99")
            #expect(beyond.status == .ok)
            #expect(beyond.body.string.contains("No milestones on page 99; there are 3 pages"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenListsAtOnceOfAStalePlanAllAnswerTheSame(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let auth = try await reader(app)
            try await (app.db as! any SQLDatabase).raw("UPDATE plans SET statuses_wanted = statuses_wanted + 1 WHERE id = \(bind: outcome.planID)").run()
            let tester = try app.testing()
            let path = "/api/v1/plans/\(outcome.planID)/milestones?status=overdue&limit=25"
            let bodies = try await allAtOnce { _ in
                let answer = try await tester.sendRequest(.GET, path, headers: auth)
                return (answer.status, try answer.content.decode([MilestoneListing].self))
            }.map { try $0.get() }
            #expect(bodies.allSatisfy { $0.0 == .ok }, "\(bodies.map(\.0))")
            #expect(bodies.allSatisfy { $0.1 == bodies[0].1 && $0.1.count == 25 })
        }
    }

    /// The page brings its leads in the same query, a row for each; a milestone with no lead, or
    /// with several, must come back once, with exactly its leads in their order.
    @Test(arguments: TestDatabase.allCases)
    func milestonesWithNoLeadOrSeveralComeBackOnceWithTheirLeads(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            let listed = try await MilestoneQuery.list(plan: plan, asOf: AsOf.today(), filter: .init(), on: app.db)
            let leadless = [listed[0].id, listed[2].id]
            for id in leadless { try await app.db.sql.raw("DELETE FROM milestone_leads WHERE milestone_id = \(bind: id)").run() }
            let whole = try await MilestoneQuery.list(plan: plan, asOf: AsOf.today(), filter: .init(), on: app.db)
            #expect(whole.count == listed.count)
            #expect(whole.contains { $0.leads.count > 1 }, "the plan has joint leads, so several are tried")
            var paged: [MilestoneListing] = []
            for offset in stride(from: 0, to: whole.count, by: 4) {
                paged += try await MilestoneQuery.page(plan: plan, asOf: AsOf.today(), filter: .init(), limit: 4, offset: offset, on: app.db, cache: nil).items
            }
            #expect(paged == whole)
            #expect(paged.filter { leadless.contains($0.id) }.map(\.leads) == [[], []])
        }
    }
}
