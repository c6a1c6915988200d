import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Small things an officer tripped over: the preview repeating the status, expired Directions
/// said to be in force, withdrawn milestones counted on the plans list, and lead officers with
/// no plan beside them.
@Suite struct PagePolishTests {
    @Test(arguments: TestDatabase.allCases)
    func theUpdatePreviewNamesTheStatusOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            _ = try await lead.get("/milestones/\(hers.id!)/update")
            // Forecast far beyond the deadline: Overdue, whatever today is.
            let preview = try await lead.post("/milestones/\(hers.id!)/update", ["commentary": "Late", "forecast": "2030-01-01", "version": "1", "intent": "preview"])
            let text = preview.body.string
            #expect(text.contains("<p>The milestone will be <strong class=\"tag tag--overdue\">Overdue</strong></p>"))
            #expect(text.contains("<p>Due 31 May 2017, expected 1 Jan 2030, "))
            #expect(!text.contains("Overdue</strong> Overdue:") && !text.contains("Overdue: due"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func expiredDirectionsSaySo(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let service = DirectionsService(db: app.db, user: officer)
            guard case .saved(let old) = try await service.createDirection(.init(title: "Directions of 2015", givenOn: "2015-01-16", expiresOn: "2016-03-31")),
                  case .saved(let current) = try await service.createDirection(.init(title: "Directions of 2099", givenOn: "2099-01-16", expiresOn: "2100-03-31")) else {
                throw TestSetupError("Directions not saved")
            }
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let list = try await team.get("/directions").body.string
            #expect(list.contains("<td>Expired on 31 Mar 2016</td>") && list.contains("<td>In force until 31 Mar 2100</td>"))
            let expired = try await team.get("/directions/\(old.id!)").body.string
            #expect(expired.contains("<dt>Expiry</dt><dd>Expired on 31 Mar 2016</dd>"))
            #expect(!expired.contains("In force until"))
            #expect(try await team.get("/directions/\(current.id!)").body.string.contains("<dd>In force until 31 Mar 2100</dd>"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func thePlansListLeavesWithdrawnMilestonesOutAsTheDashboardDoes(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            _ = try await PlanStructureService(db: app.db, user: officer).setWithdrawn(hers.id!, reason: "No longer needed", version: hers.version)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let list = try await team.get("/plans").body.string
            #expect(list.contains("<td class=\"numeric\">114</td>"))
            #expect(try await team.get("/plans/\(plan.planID)").body.string.contains("1 withdrawn milestone is not counted."))
            #expect(try await PlanSummary.one(plan.planID, on: app.db)?.milestones == 114)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func leadOfficersShowTheirPlans(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let first = try await importSeedPlan(app)
            let second = try await importSeedPlan(app, into: "Second plan")
            _ = try await TestAccounts.make(app)
            let extra = Person(name: "Nobody Yet", nameKey: "nobody yet")
            try await extra.create(on: app.db)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let page = try await team.get("/people").body.string
            #expect(page.contains("<th scope=\"col\">Leads milestones in</th>"))
            let lucy = try #require(page.range(of: ">Lucy Marsh</a>"))
            let row = String(page[lucy.lowerBound...].prefix(900))
            #expect(row.contains("<a href=\"/plans/\(first.planID)\">\(first.planTitle)</a><br><a href=\"/plans/\(second.planID)\">Second plan</a>"))
            #expect(page.contains(">Nobody Yet</a></td><td></td><td></td>\n<td>None</td><td class=\"numeric\">0</td>"))

            // One plan at a time.
            let filtered = try await team.get("/people?plan=\(second.planID)").body.string
            #expect(filtered.contains("<option value=\"\(second.planID)\" selected>Second plan</option>"))
            #expect(!filtered.contains(">Nobody Yet</a>"))
            #expect(filtered.contains(">Lucy Marsh</a>") && !filtered.contains("<a href=\"/plans/\(first.planID)\">"))
        }
    }
}
