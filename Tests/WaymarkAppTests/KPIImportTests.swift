import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// Measurable outcomes into a plan: all or nothing, the same file twice changes nothing, a closed
/// period's values stay as the Board saw them, and thresholds freeze when a period closes.
@Suite struct KPIImportTests {
    static var fixture: [UInt8] {
        get throws { Array(try Data(contentsOf: Fixtures.directory.appendingPathComponent("communications-outcomes.csv"))) }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSameFileTwiceChangesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            let loaded = try KPIFileLoader.load(try Self.fixture, fileName: "communications-outcomes.csv")
            let service = KPIImportService(db: app.db, actor: "test")
            let first = try await service.run(loaded.document, planID: planID, fileName: "communications-outcomes.csv")
            #expect(first.summary == "5 KPIs added, 0 changed, 0 unchanged; 6 values added, 0 changed, 0 unchanged; 2 benchmarks added or changed")
            let audit = try await app.count("audit_events")
            let again = try await service.run(loaded.document, planID: planID, fileName: "communications-outcomes.csv")
            #expect(again.summary == "0 KPIs added, 0 changed, 5 unchanged; 0 values added, 0 changed, 6 unchanged")
            #expect(try await app.count("audit_events") == audit)
            #expect(try await app.count("kpi_values") == 6)
            #expect(try await app.count("kpi_benchmarks") == 2)

            let report = try await KPIReport.load(planID: planID, on: app.db)
            let open = try #require(report.kpis.first { $0.name == "E-newsletter open rate" })
            #expect(open.area == "Communications" && open.current?.value == "40.5" && open.current?.rating == .green)
            #expect(open.current?.direction == .improving)
            #expect(open.values.map(\.period) == ["H2 2016-17", "H1 2017-18"])
            #expect(report.kpis.first { $0.name == "Positive or neutral media coverage" }?.current?.rating == .amber)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFileNamingWhatThePlanLacksWritesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            let text = """
                KPI,Area,Owner,Period,Value
                Open rate,Communications,Lucy Marsh,Q1 2017-18,40
                Click rate,Marketing,,Q1 2017-18,7
                Followers,,Nobody Known,Q1 2017-18,12000
                """
            let loaded = try KPIFileLoader.load(Array(text.utf8), fileName: "kpis.csv")
            let failure = await #expect(throws: ImportFailure.self) {
                _ = try await KPIImportService(db: app.db, actor: "test").run(loaded.document, planID: planID, fileName: "kpis.csv")
            }
            let messages = failure?.problems.map(\.description) ?? []
            #expect(messages.contains { $0.hasPrefix("line 3, Area: there is no area called \"Marketing\" in this plan; its areas are \"Elections\"") })
            #expect(messages.contains("line 4, Owner: there is no lead officer called \"Nobody Known\"; add them under Lead officers first"))
            #expect(try await app.count("kpis") == 0)
            #expect(try await app.count("kpi_values") == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aClosedPeriodKeepsItsValuesAndThresholds(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let file = { (value: String, tolerance: String) in
                "KPI,Polarity,Period,Value,Target,Tolerance\nMedia coverage,higher,Q3 2017-18,\(value),90,\(tolerance)\n"
            }
            let service = KPIImportService(db: app.db, actor: "test")
            _ = try await service.run(try KPIFileLoader.load(Array(file("88", "5%").utf8), fileName: "k.csv").document, planID: planID, fileName: "k.csv")
            #expect(try await KPIReport.load(planID: planID, on: app.db).kpis[0].current?.rating == .amber)

            let periods = ReportingPeriodService(db: app.db, user: officer)
            let q3 = try await periods.opened(planID: planID, label: "Q3 2017-18")
            try await periods.closed(periodID: q3.requireID(), today: CalendarDate(iso: "2018-01-05")!)

            // A changed value for the closed quarter is refused, naming the line.
            let failure = await #expect(throws: ImportFailure.self) {
                _ = try await service.run(try KPIFileLoader.load(Array(file("95", "5%").utf8), fileName: "k.csv").document, planID: planID, fileName: "k.csv")
            }
            #expect(failure?.problems.first?.description.hasPrefix("line 2, Period: Q3 2017-18 is closed, so its values are frozen with its Board pack") == true)
            // A tolerance tightened in the KPI after closing does not re-colour the quarter.
            let kpi = try #require(try await KPI.query(on: app.db).first())
            kpi.tolerance = "0"
            try await kpi.save(on: app.db)
            let value = try #require(try await KPIValue.query(on: app.db).first())
            value.tolerance = nil
            try await value.save(on: app.db)
            #expect(try await KPIReport.load(planID: planID, on: app.db).kpis[0].current?.rating == .amber)
        }
    }

    @Test func aRedValueWithoutACommentaryIsRefused() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        var cli = waymark
        cli.databaseURL = waymark.folder.appendingPathComponent("red.sqlite").path
        #expect(try cli.run("import", Fixtures.shapedPlanPath).status == 0)
        let red = try cli.run("import-kpis", cli.write("red.csv", "KPI,Period,Value,Target,Tolerance,Commentary\nOpen rate,Q1 2017-18,20,30,10%,\nOpen rate,Q2 2017-18,20,30,10%,Relaunching the newsletter\n"), "--plan", "1")
        #expect(red.status == 1)
        #expect(red.stderr.contains("red.csv: line 2, Commentary: Open rate is RED for Q1 2017-18 against its target: say in the commentary what is being done about it"), "\(red.stderr)")
        #expect(!red.stderr.contains("line 3"))
    }

    /// The sample plan that ./scripts/run serves comes with a year of measurable outcomes.
    @Test func theSamplePlansOutcomesImport() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        var cli = waymark
        cli.databaseURL = waymark.folder.appendingPathComponent("sample.sqlite").path
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples")
        #expect(try cli.run("import", samples.appendingPathComponent("northmere-improvement-plan-2026-27.txt").path).status == 0)
        let imported = try cli.run("import-kpis", samples.appendingPathComponent("northmere-outcomes-2026-27.csv").path,
                                   "--plan", "Northmere Borough Council Improvement Plan 2026-27")
        #expect(imported.stdout.contains("8 KPIs added, 0 changed, 0 unchanged; 41 values added"), "\(imported.stdout)\(imported.stderr)")
        let table = try cli.run("kpis", "--plan", "1")
        for rating in ["GREEN", "AMBER", "RED"] { #expect(table.stdout.contains(rating)) }
    }

    @Test func theCommandsImportAndPrint() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        var cli = waymark
        cli.databaseURL = waymark.folder.appendingPathComponent("kpis.sqlite").path
        #expect(try cli.run("import", Fixtures.shapedPlanPath).status == 0)
        let path = Fixtures.directory.appendingPathComponent("communications-outcomes.csv").path
        let imported = try cli.run("import-kpis", path, "--plan", "1")
        #expect(imported.stdout.contains("5 KPIs added"), "\(imported.stdout)\(imported.stderr)")
        let table = try cli.run("kpis", "--plan", "1")
        #expect(table.stdout.contains("E-newsletter open rate"))
        #expect(table.stdout.contains("40.5%"))
        #expect(table.stdout.contains("↑ Improving"))
        #expect(table.stdout.contains("12,550"))
        let csv = try cli.run("kpis", "--plan", "1", "--format", "csv")
        #expect(csv.stdout.hasPrefix("KPI,Area,Period,Value,Target,Rating,Direction\n"))
        let bad = try cli.run("import-kpis", cli.write("bad.csv", "KPI,Period,Value\nOpen rate,Q1 2017-18,forty\n"), "--plan", "1")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv: line 2, Value: \"forty\" is not a number (number)"), "\(bad.stderr)")
    }
}

/// The hard way: the same file imported ten times at once on two servers, and hostile text.
@Suite struct KPIImportHardTests {
    @Test(arguments: TestDatabase.allCases)
    func tenImportsAtOnceAddEachKPIOnce(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let planID = try await importSeedPlan(first).planID
            let document = try KPIFileLoader.load(try KPIImportTests.fixture, fileName: "communications-outcomes.csv").document
            let results = await allAtOnce(10) { index in
                try await KPIImportService(db: (index.isMultiple(of: 2) ? first : second).db, actor: "test \(index)")
                    .run(document, planID: planID, fileName: "communications-outcomes.csv")
            }
            // On SQLite the imports take turns at the write gate; on a machine busy with the whole
            // suite one may wait past the gate's 20 seconds and be told to try again (503), which
            // writes nothing. Anything else thrown is a fault.
            let thrown = results.compactMap(\.thrown).filter { !($0 is DatabaseBusy) }.map { String(describing: $0) }
            #expect(thrown.isEmpty, "\(thrown)")
            let summaries = results.compactMap(\.value).map(\.summary)
            #expect(summaries.filter { $0.hasPrefix("5 KPIs added") }.count == 1, "\(summaries)")
            #expect(summaries.filter { $0.hasPrefix("0 KPIs added, 0 changed, 5 unchanged; 0 values added, 0 changed, 6 unchanged") }.count == summaries.count - 1)
            #expect(summaries.count >= (database == .postgres ? 10 : 8))
            #expect(try await first.count("kpis") == 5)
            #expect(try await first.count("kpi_values") == 6)
            #expect(try await AuditChain.verify(on: first.db as! any SQLDatabase).isWhole)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func hostileTextIsRefusedOrKeptAsText(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, accounts) = try await KPIPagesTests.imported(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let kpi = try #require(try await KPI.query(on: app.db).filter(\.$name == "Twitter followers").first())
            let service = KPIValueService(db: app.db, user: officer)
            let huge = try await service.save(.init(period: "2016", value: "1", commentary: String(repeating: "x", count: 2_000_000)), kpiID: kpi.requireID())
            #expect(huge.errors.first?.message == "Commentary must be 10,000 characters or fewer (it has 2,000,000)")
            let control = try await service.save(.init(period: "20\u{07}16", value: "1"), kpiID: kpi.requireID())
            #expect(control.errors.first?.field == "period")
            let crlf = try await service.save(.init(period: "2016", value: "13,000", commentary: "One\r\nTwo <script>alert(1)</script>"), kpiID: kpi.requireID())
            #expect(crlf.errors.isEmpty)
            #expect(try await KPIValue.query(on: app.db).filter(\.$period == "2016").first()?.commentary == "One\nTwo <script>alert(1)</script>")
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let page = try await web.get("/kpis/\(try kpi.requireID())").body.string
            #expect(page.contains("Two &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("<script>alert(1)"))
        }
    }
}
