import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The Board pack's "Measurable outcomes" section, in the page (and so the PDF), the spreadsheet
/// and a CSV of its own; a value not yet signed off stays out of a closed period's pack.
@Suite struct KPIPackTests {
    @Test(arguments: TestDatabase.allCases)
    func thePackShowsEachAreasOutcomesForThePeriod(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let text = """
                KPI,Area,Unit,Polarity,Period,Value,Target,Tolerance,Benchmark,Benchmark source,Commentary,Provisional
                E-newsletter open rate,Communications,percentage,higher,Q3 2017-18,40.5,30,10%,22.38,Government industry standard,Well above,no
                =HYPERLINK("x"),Communications,number,higher,Q3 2017-18,5,10,10%,,,Being checked,yes
                Staff trained,,percentage,higher,Q3 2017-18,80,100,5%,,,Training continues,no
                """
            let loaded = try KPIFileLoader.load(Array(text.utf8), fileName: "q3.csv")
            _ = try await KPIImportService(db: app.db, actor: "test").run(loaded.document, planID: planID, fileName: "q3.csv")
            let periods = ReportingPeriodService(db: app.db, user: officer)
            let q3 = try await periods.opened(planID: planID, label: "Q3 2017-18")
            let q3ID = try q3.requireID()

            var member = try WebClient(app)
            try await member.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let draft = try await member.get("/periods/\(q3ID)/pack").body.string
            #expect(draft.contains("Measurable outcomes</h2>"))
            #expect(draft.contains("<h3>Communications: measurable outcomes</h3>"))
            #expect(draft.contains("<h3>The whole plan: measurable outcomes</h3>"))
            #expect(draft.contains("40.5%"))
            #expect(draft.contains("22.38% (Government industry standard)"))
            #expect(draft.contains("<strong class=\"tag tag--rag-red\">RED</strong>"))  // 80 against 100, 5% tolerance

            try await periods.closed(periodID: q3ID, today: CalendarDate(iso: "2018-01-10")!)
            let final = try await member.get("/periods/\(q3ID)/pack").body.string
            // The provisional value is not in the frozen pack.
            #expect(final.contains("Awaiting sign-off"))
            let xlsx = try await member.get("/periods/\(q3ID)/pack.xlsx")
            let sheets = try XLSXReader.sheets(Array(xlsx.body.readableBytesView))
            let outcomes = try #require(sheets.first { $0.name == "Measurable outcomes" })
            #expect(outcomes.rows.first?.cells == PeriodOutcome.headers)
            #expect(outcomes.rows.contains { $0.cells.prefix(3) == ["Communications", "E-newsletter open rate", "40.5"] })
            #expect(outcomes.rows.contains { $0.cells.contains("Awaiting sign-off") })
            let csv = try await member.get("/periods/\(q3ID)/outcomes.csv")
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.body.string.hasPrefix("Area,KPI,Value,Target,Rating,Direction of travel,Benchmark,Commentary\n"))
            #expect(csv.body.string.contains("Communications,\"'=HYPERLINK(\"\"x\"\")\""))
            // The delivery plan's CSV stays milestones alone, for `waymark import`.
            #expect(!(try await member.get("/periods/\(q3ID)/pack.csv").body.string.contains("E-newsletter")))
        }
    }
}
