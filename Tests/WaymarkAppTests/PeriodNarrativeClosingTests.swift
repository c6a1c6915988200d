import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Closing a period freezes its narrative: the page warns first when any section is empty, and a
/// closed period shows its narrative as text, with no form to edit it.
@Suite struct PeriodNarrativeClosingTests {
    @Test(arguments: TestDatabase.allCases)
    func closingWithAnEmptyNarrativeWarnsFirst(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let p = plan.planID
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            #expect(try await team.post("/plans/\(p)/periods", ["period": "Q3 2017-18"]).status == .seeOther)
            let q3 = try #require(try await PlanReportingPeriod.query(on: app.db).first()).id!
            let areas = try await Area.query(on: app.db).filter(\.$plan.$id == p).sort(\.$position).all()
            let first = areas[0], second = areas[1]

            _ = try await team.get("/periods/\(q3)/narrative")
            #expect(try await team.post("/periods/\(q3)/narrative", ["area_id": "\(first.id!)", "background-\(first.id!)": "A history of problems.",
                                                                   "achievements-\(first.id!)": "- Register published", "continuing-\(first.id!)": "Planning for May."]).status == .seeOther)
            #expect(try await team.post("/periods/\(q3)/narrative", ["area_id": "\(second.id!)", "background-\(second.id!)": "Some background."]).status == .seeOther)

            // Without confirming, nothing closes: the warning names every area with an empty section.
            let warning = try await team.post("/periods/\(q3)/close", [:])
            #expect(warning.status == .ok)
            let text = warning.body.string
            #expect(text.contains("<h1>Close Q3 2017-18 without a full narrative?</h1>"))
            #expect(!text.contains("<li>\(first.name):"))
            #expect(text.contains("<li>\(second.name): no key achievements and areas where work continues to progress</li>"))
            #expect(text.contains("<li>\(areas[2].name): nothing written</li>"))
            let others = areas.dropFirst().map(\.name).joined(separator: ", ")
            #expect(text.contains("Close Q3 2017-18 without a narrative for: \(others)</button>"))
            #expect(text.contains("<a href=\"/periods/\(q3)/narrative\">Write the narrative first</a>"))
            #expect(duplicateIDs(in: text).isEmpty)
            #expect(try await PlanReportingPeriod.find(q3, on: app.db)?.state == .open)

            let closed = try await team.post("/periods/\(q3)/close", ["confirm_missing_narrative": "yes"])
            #expect(closed.status == .seeOther)
            #expect(try await PlanReportingPeriod.find(q3, on: app.db)?.state == .closed)

            // The closed period's narrative is text, with no narrative or author form and no disabled button.
            let page = try await team.get("/periods/\(q3)/narrative").body.string
            #expect(!page.contains("action=\"/periods/\(q3)/narrative\""))
            #expect(!page.contains("<textarea class=\"textarea\" id=\"background-") && !page.contains(" disabled"))
            #expect(page.contains("<h4>Background</h4><p>A history of problems.</p>"))
            #expect(page.contains("<h4>Key achievements</h4><ul><li>Register published</li></ul>"))
            #expect(page.contains("<h4>Key achievements</h4><p class=\"hint\">Nothing written</p>"))
            // Ratings can still be overridden after closing.
            #expect(page.contains("action=\"/periods/\(q3)/rating\""))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFullNarrativeClosesAtOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            #expect(try await team.post("/plans/\(plan.planID)/periods", ["period": "Q3 2017-18"]).status == .seeOther)
            let q3 = try #require(try await PlanReportingPeriod.query(on: app.db).first()).id!
            _ = try await team.get("/periods/\(q3)/narrative")
            for area in try await Area.query(on: app.db).filter(\.$plan.$id == plan.planID).all() {
                let a = area.id!
                #expect(try await team.post("/periods/\(q3)/narrative", ["area_id": "\(a)", "background-\(a)": "Background.", "achievements-\(a)": "Done.",
                                                                       "continuing-\(a)": "Next."]).status == .seeOther)
            }
            #expect(try await team.post("/periods/\(q3)/close", [:]).status == .seeOther)
            #expect(try await PlanReportingPeriod.find(q3, on: app.db)?.state == .closed)
        }
    }
}
