import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// The KPI pages as people use them: the plan's table, a KPI's chart and values, entering a value
/// (a RED one needs a commentary), an owner's value waiting for the performance team's sign-off,
/// and two people entering the same period at once.
@Suite struct KPIPagesTests {
    static func imported(_ app: Application) async throws -> (planID: Int, accounts: TestAccounts) {
        let planID = try await importSeedPlan(app).planID
        let accounts = try await TestAccounts.make(app)
        let loaded = try KPIFileLoader.load(try KPIImportTests.fixture, fileName: "communications-outcomes.csv")
        _ = try await KPIImportService(db: app.db, actor: "test").run(loaded.document, planID: planID, fileName: "communications-outcomes.csv")
        return (planID, accounts)
    }

    @Test(arguments: TestDatabase.allCases)
    func enteringAValueChangesTheRatingAndTheChart(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, _) = try await Self.imported(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let table = try await web.get("/plans/\(planID)/kpis").body.string
            #expect(table.contains("E-newsletter open rate"))
            #expect(table.contains("<strong class=\"tag tag--rag-green\">GREEN</strong>"))
            #expect(table.contains("<span aria-hidden=\"true\">↑</span> Improving"))
            #expect(table.contains("22.38% (Government industry standard)"))
            let dashboard = try await web.get("/plans/\(planID)").body.string
            #expect(dashboard.contains("href=\"/plans/\(planID)/kpis\""))
            #expect(dashboard.contains("<h2>Measurable outcomes by area</h2>"))
            #expect(dashboard.contains("<tr><th scope=\"row\">Communications</th><td class=\"numeric\">5</td><td class=\"numeric\">4</td>"))

            let coverage = try #require(try await KPI.query(on: app.db).filter(\.$name == "Positive or neutral media coverage").first())
            let id = try coverage.requireID()
            let page = try await web.get("/kpis/\(id)").body.string
            #expect(page.contains("<svg class=\"kpi-chart\""))
            #expect(page.contains("role=\"img\""))
            #expect(page.contains(">Values of Positive or neutral media coverage, by period</caption>"))

            // 70% against 90% with a 5% tolerance is RED: it needs a commentary.
            let red = try await web.post("/kpis/\(id)/values", ["period": "H2 2017-18", "value": "70", "target": "90", "commentary": ""])
            #expect(red.status == .unprocessableEntity)
            #expect(red.body.string.contains("This value is RED against its target: say in the commentary what is being done about it"))
            #expect(try await KPIValue.query(on: app.db).filter(\.$period == "H2 2017-18").count() == 0)
            let saved = try await web.post("/kpis/\(id)/values", ["period": "H2 2017-18", "value": "70", "target": "90",
                                                                 "commentary": "A press office review is under way."])
            #expect(saved.status == .seeOther)
            let after = try await web.get("/kpis/\(id)?saved=1").body.string
            #expect(after.contains("Value saved"))
            #expect(after.contains("<strong class=\"tag tag--rag-red\">RED</strong>"))
            #expect(after.contains("<span aria-hidden=\"true\">↓</span> Worsening"))
            #expect(after.contains("A press office review is under way."))
            // The cached dashboard is drawn again: the coverage KPI is RED now.
            #expect(try await web.get("/plans/\(planID)").body.string.contains("<td class=\"numeric\">5</td><td class=\"numeric\">4</td>\n<td class=\"numeric\">0</td><td class=\"numeric\">1</td>"))

            let bad = try await web.post("/kpis/\(id)/values", ["period": "", "value": "lots", "commentary": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter the period"))
            #expect(bad.body.string.contains("Enter the value as a number"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anOwnersValueIsProvisionalUntilSignedOff(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, accounts) = try await Self.imported(app)
            let kpi = try #require(try await KPI.query(on: app.db).filter(\.$name == "Twitter followers").first())
            let id = try kpi.requireID()
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            // Not hers yet.
            #expect(try await lead.post("/kpis/\(id)/values", ["period": "2016", "value": "13000", "commentary": ""]).status == .forbidden)
            kpi.$owner.id = accounts.leadPersonID
            try await kpi.save(on: app.db)
            #expect(try await lead.get("/kpis/\(id)").body.string.contains("Your value is provisional until the performance team signs it off."))
            #expect(try await lead.post("/kpis/\(id)/values", ["period": "2016", "value": "13,000", "commentary": ""]).status == .seeOther)
            let value = try #require(try await KPIValue.query(on: app.db).filter(\.$period == "2016").first())
            #expect(value.provisional && value.value == "13000")

            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            #expect(try await officer.get("/kpis/\(id)").body.string.contains("Sign off<span class=\"visually-hidden\"> 2016</span>"))
            let signed = try await officer.post("/kpis/\(id)/values/\(value.requireID())/sign-off", ["version": String(value.version)])
            #expect(signed.status == .seeOther)
            let after = try #require(try await KPIValue.find(value.requireID(), on: app.db))
            #expect(!after.provisional && after.signedOffBy?.hasPrefix("Performance officer") == true)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "kpi_value.signed_off").count() == 1)
            // A board member reads but enters nothing.
            var board = try WebClient(app)
            try await board.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            #expect(!(try await board.get("/kpis/\(id)").body.string.contains("Enter a value")))
            #expect(try await board.post("/kpis/\(id)/values", ["period": "2016", "value": "1"]).status == .forbidden)
        }
    }

    /// Ten people save the same period's value from the same version at once, on two servers: one wins.
    @Test(arguments: TestDatabase.allCases)
    func tenSavesOfOnePeriodAtOnceLeaveOne(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (_, accounts) = try await Self.imported(first)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            let kpi = try #require(try await KPI.query(on: first.db).filter(\.$name == "E-newsletter click rate").first())
            let value = try #require(try await KPIValue.query(on: first.db).filter(\.$kpi.$id == kpi.requireID()).first())
            let kpiID = try kpi.requireID(), version = value.version
            let results = await allAtOnce(10) { index in
                try await KPIValueService(db: (index.isMultiple(of: 2) ? first : second).db, user: officer)
                    .save(.init(period: "H1 2017-18", value: "8.\(index)", commentary: "", version: version), kpiID: kpiID)
            }
            let thrown = results.compactMap(\.thrown).map { String(describing: $0) }
            #expect(thrown.isEmpty, "\(thrown)")
            let saved = results.filter { if case .saved = $0.value { true } else { false } }.count
            let conflicts = results.filter { if case .conflict = $0.value { true } else { false } }.count
            #expect(saved == 1 && conflicts == 9, "saved \(saved), conflicts \(conflicts)")
            #expect(try await KPIValue.find(value.requireID(), on: first.db)?.version == version + 1)
        }
    }
}

/// The upload page for KPIs: all or nothing, every bad row listed, files told by their content.
@Suite struct KPIImportPageTests {
    @Test(arguments: TestDatabase.allCases)
    func theTeamUploadsKPIsAndSeesEveryProblem(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            _ = try await TestAccounts.make(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let form = try await web.get("/plans/\(planID)/kpis/import")
            #expect(form.status == .ok && form.body.string.contains("<label class=\"label\" for=\"file\">File of KPIs</label>"))
            let path = "/plans/\(planID)/kpis/import"

            let bad = try await ImportUpload.send(&web, fileName: "bad.csv", bytes: Array("KPI,Period,Value\nOpen rate,Q1 2017-18,forty\n,Q2 2017-18,1\n".utf8), to: path)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("bad.csv was not imported: 2 problems are listed below"))
            #expect(bad.body.string.contains("<li>line 2, Value: &quot;forty&quot; is not a number (number)</li>"))
            #expect(bad.body.string.contains("<li>line 3, KPI: Enter the KPI&#39;s name</li>"))
            #expect(try await app.count("kpis") == 0)

            _ = try await web.get(path)
            let pdf = try await ImportUpload.send(&web, fileName: "kpis.csv", bytes: UploadSamples.pdf, to: path)
            #expect(pdf.status == .unprocessableEntity)
            #expect(pdf.body.string.contains("kpis.csv is a PDF document, not a file of measurable outcomes"))

            _ = try await web.get(path)
            let good = try await ImportUpload.send(&web, fileName: "communications-outcomes.csv", bytes: try KPIImportTests.fixture, to: path)
            #expect(good.status == .seeOther)
            let shown = try await web.get(good.headers.first(name: .location) ?? "/").body.string
            #expect(shown.contains("KPIs imported"))
            #expect(shown.contains("communications-outcomes.csv: 5 KPIs added, 0 changed, 0 unchanged"))

            // Someone who may not import is refused before the file is read.
            var member = try WebClient(app)
            try await member.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            #expect(try await member.get(path).status == .forbidden)
            #expect(try await ImportUpload.send(&member, fileName: "k.csv", bytes: try KPIImportTests.fixture, to: path).status == .forbidden)
        }
    }
}

/// Past views: the dashboard and the Board pack "as the plan stood on" a day show KPIs as they were.
@Suite struct KPIPastViewTests {
    @Test(arguments: TestDatabase.allCases)
    func aPastViewShowsTheValuesOfThatDay(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, accounts) = try await KPIPagesTests.imported(app)
            // Everything so far happened a week ago.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE audit_events SET occurred_at = \(bind: Date().addingTimeInterval(-7 * 86400))").run()
            try await AuditChain.seal(on: sql)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let coverage = try #require(try await KPI.query(on: app.db).filter(\.$name == "Positive or neutral media coverage").first())
            let row = try #require(try await KPIValue.query(on: app.db).filter(\.$kpi.$id == coverage.requireID()).first())
            guard case .saved = try await KPIValueService(db: app.db, user: officer).save(
                .init(period: "H1 2017-18", value: "95", commentary: "Corrected figure", version: row.version), kpiID: coverage.requireID()) else {
                Issue.record("the correction was not saved"); return
            }
            let now = try await KPIReport.load(planID: planID, on: app.db).kpis.first { $0.name == coverage.name }
            #expect(now?.current?.value == "95" && now?.current?.rating == .green)
            let lastWeek = CalendarDate(iso: ISO8601DateFormatter().string(from: Date().addingTimeInterval(-6 * 86400)).prefix(10).description)!
            let then = try await KPIReport.load(planID: planID, at: AsOf.end(of: lastWeek), on: app.db).kpis.first { $0.name == coverage.name }
            #expect(then?.current?.value == "89" && then?.current?.rating == .amber)
            let before = try await KPIReport.load(planID: planID, at: AsOf.end(of: lastWeek.adding(days: -30)), on: app.db)
            #expect(before.kpis.isEmpty)

            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let past = try await web.get("/plans/\(planID)?recorded_on=\(lastWeek.iso)").body.string
            #expect(past.contains("<tr><th scope=\"row\">Communications</th><td class=\"numeric\">5</td><td class=\"numeric\">4</td>\n<td class=\"numeric\">1</td>"))
        }
    }
}

@Suite struct KPIPaginationTests {
    @Test func aLongListComesFiftyAtATime() async throws {
        try await withApp(.sqlite) { app in
            let planID = try await importSeedPlan(app).planID
            _ = try await TestAccounts.make(app)
            let rows = (1...120).map { String(format: "Indicator %03d,Q1 2017-18,%d", $0, $0) }.joined(separator: "\n")
            let loaded = try KPIFileLoader.load(Array(("KPI,Period,Value\n" + rows + "\n").utf8), fileName: "many.csv")
            _ = try await KPIImportService(db: app.db, actor: "test").run(loaded.document, planID: planID, fileName: "many.csv")
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let first = try await web.get("/plans/\(planID)/kpis").body.string
            #expect(first.contains("KPIs 1 to 50 of 120, in order of name."))
            #expect(first.contains("Indicator 050") && !first.contains("Indicator 051"))
            #expect(first.contains("rel=\"next\"") && !first.contains("rel=\"prev\""))
            #expect(first.contains("aria-label=\"Page 1\" aria-current=\"page\""))
            let last = try await web.get("/plans/\(planID)/kpis?page=3").body.string
            #expect(last.contains("KPIs 101 to 120 of 120") && last.contains("Indicator 120") && !last.contains("Indicator 100"))
            #expect(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""))
            #expect(try await web.get("/plans/\(planID)/kpis?page=99").body.string.contains("KPIs 101 to 120 of 120"))
        }
    }
}
