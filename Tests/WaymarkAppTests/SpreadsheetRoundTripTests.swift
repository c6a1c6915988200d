import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

@Suite struct SpreadsheetRoundTripTests {
    @Test(arguments: TestDatabase.allCases)
    func anExportedDeliveryPlanImportsBackIntoTheSamePlanWithoutDuplicates(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
            let q3 = try ReportingPeriod.parse("Q3 2017-18").get()
            let report = try await PeriodReport.build(plan: seeded, period: q3, record: nil, today: day(2018, 1, 5), on: app.db)
            let workbook = try DeliveryPlanExport.workbook(report)

            let sheets = try XLSXReader.sheets(workbook)
            #expect(sheets.map(\.name) == ["Summary", "Elections", "Communications", "Property", "Grants", "Organisational Culture"])
            #expect(sheets[4].rows.count == 24)

            let loaded = try PlanFileLoader.load(workbook, fileName: "q3.xlsx", today: day(2018, 1, 5))
            #expect(loaded.source == "sheets Elections, Communications, Property, Grants and Organisational Culture of q3.xlsx")
            #expect(loaded.document.milestoneCount == 115)
            let preview = try await PlanImportService(db: app.db, actor: "test").preview(loaded.document, planReference: String(plan.planID), fileName: "q3.xlsx")
            #expect(preview.outcome.createdMilestones == 0 && preview.outcome.unchangedMilestones == 115 && preview.changes.isEmpty)
            let outcome = try await PlanImportService(db: app.db, actor: "test").run(loaded.document, planReference: String(plan.planID), fileName: "q3.xlsx")
            #expect(outcome.createdMilestones == 0 && outcome.updatedMilestones == 0)
            #expect(try await Milestone.query(on: app.db).count() == 115)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPreviewShowsTheChangesAndWritesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            var rows: [[XLSXWriter.Cell]] = [["Area", "Activity number", "Activity", "Key milestone", "Lead officer", "Deadline"].map(XLSXWriter.Cell.header)]
            rows.append(["Elections", "1", "Planning for the 2018 borough and parish elections", "Test the electoral register audit", "Lucy Marsh", "Jun-17"].map(XLSXWriter.Cell.text))
            let workbook = try XLSXWriter.write([.init(name: "Edited", rows: rows)])
            let loaded = try PlanFileLoader.load(workbook, fileName: "edited.xlsx", today: day(2018, 1, 5))
            let events = try await AuditEvent.query(on: app.db).count()
            let preview = try await PlanImportService(db: app.db, actor: "test").preview(loaded.document, planReference: String(plan.planID), fileName: "edited.xlsx")
            #expect(preview.outcome.updatedMilestones == 1)
            #expect(preview.changes.count == 1 && preview.changes[0].contains("deadline text: May-17 → Jun-17"))
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Test the electoral register audit").first())
            #expect(milestone.deadlineText == "May-17" && milestone.version == 1)
            #expect(try await AuditEvent.query(on: app.db).count() == events)
        }
    }

    @Test func problemsInAWorkbookNameTheSheetAndRow() throws {
        let rows: [[XLSXWriter.Cell]] = [
            ["Area", "Activity", "Key milestone", "Lead officer", "Deadline"].map(XLSXWriter.Cell.header),
            ["Grants", "1 Review", "A milestone", "Jo Bloggs", "31 February 2018"].map(XLSXWriter.Cell.text),
        ]
        let workbook = try XLSXWriter.write([.init(name: "Notes", rows: [[.text("Read me")]]), .init(name: "Plan", rows: rows)])
        #expect(throws: ImportFailure.self) { try PlanFileLoader.load(workbook, fileName: "bad.xlsx", today: day(2018, 1, 5)) }
        do {
            _ = try PlanFileLoader.load(workbook, fileName: "bad.xlsx", today: day(2018, 1, 5))
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.description).contains { $0.hasPrefix("sheet \"Plan\", row 2, deadline:") && $0.contains("31 February 2018 is not a real date") })
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: PlanFileLoader.Unreadable.self) { try PlanFileLoader.load(workbook, fileName: "bad.xlsx", sheet: "Budget", today: day(2018, 1, 5)) }
        #expect(throws: PlanFileLoader.Unreadable.self) { try PlanFileLoader.load(Array("PK\u{3}\u{4}not a zip".utf8), fileName: "x.xlsx", today: day(2018, 1, 5)) }
    }

    @Test func sheetNamesAreMadeSafeAndUnique() {
        #expect(XLSXWriter.sheetNames(["Grants", "grants", "A/B: C?", String(repeating: "x", count: 40)]) == ["Grants", "grants (2)", "A-B- C-", String(repeating: "x", count: 31)])
        #expect(XLSXWriter.column(0) == "A" && XLSXWriter.column(25) == "Z" && XLSXWriter.column(26) == "AA" && XLSXWriter.column(701) == "ZZ")
    }
}

@Suite struct ImportPageTests {
    @Test func uploadingShowsThePreviewThenApplies() async throws {
        try await withApp(.sqlite) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/import")
            let csv = "Area,Activity number,Activity,Key milestone,Lead officer,Deadline\nElections,1,Planning for the 2018 borough and parish elections,Test the electoral register audit,Lucy Marsh,Jun-17\n"
            let boundary = "waymark-test-boundary"
            var body = ""
            for (name, value) in [("csrf_token", team.csrf ?? ""), ("plan", String(plan.planID)), ("sheet", "")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"edited.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: team.cookie ?? "")
            let preview = try await team.tester.sendRequest(.POST, "/import", headers: headers, body: ByteBuffer(string: body))
            #expect(preview.status == .ok)
            let page = preview.body.string
            #expect(page.contains("0 milestone(s) added; 1 updated; 0 unchanged"))
            #expect(page.contains("deadline text: May-17 → Jun-17"))
            let training = { try await Milestone.query(on: app.db).filter(\.$title == "Test the electoral register audit").first()?.deadlineText }
            #expect(try await training() == "May-17")

            let content = try #require(page.range(of: "name=\"content\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
            let csrf = try #require(page.range(of: "name=\"csrf_token\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
            let applied = try await team.post("/import/apply", ["csrf_token": csrf, "content": content, "filename": "edited.csv", "plan": String(plan.planID), "sheet": ""])
            #expect(applied.status == .seeOther)
            #expect(try await training() == "Jun-17")
            #expect(try await Milestone.query(on: app.db).count() == 115)

            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            #expect(try await viewer.get("/import").status == .forbidden)
        }
    }
}
