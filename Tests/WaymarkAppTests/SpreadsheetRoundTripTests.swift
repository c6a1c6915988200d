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
            // One milestone completed and one forecast, so the workbook holds real dates.
            let officer = try #require(try await User.find(try await TestAccounts.make(app).ids[.performanceOfficer], on: app.db))
            let (hers, notHers) = try await seedMilestones(app)
            let updates = MilestoneUpdateService(db: app.db, user: officer)
            _ = try await updates.save(milestoneID: hers.id!, input: .init(commentary: "Done", completed: "2017-05-25", version: 1), today: day(2018, 1, 5))
            _ = try await updates.save(milestoneID: notHers.id!, input: .init(commentary: "Slipping", forecast: "2018-02-28", version: 1), today: day(2018, 1, 5))
            let q3 = try ReportingPeriod.parse("Q3 2017-18").get()
            let report = try await PeriodReport.build(plan: seeded, period: q3, record: nil, today: day(2018, 1, 5), on: app.db)
            let workbook = try DeliveryPlanExport.workbook(report)

            // Counts are numbers and dates are dates; the deadline as written and the ref stay text.
            let elections = try #require(DeliveryPlanExport.sheets(report).first { $0.name == "Elections" })
            let heading = elections.rows[0].map(\.plainText)
            let completed = try #require(elections.rows.first { $0[heading.firstIndex(of: "Key milestone")!] == .text(hers.title) })
            #expect(completed[heading.firstIndex(of: "Completed")!] == .date(day(2017, 5, 25)))
            #expect(completed[heading.firstIndex(of: "Deadline")!] == .text(hers.deadlineText))
            #expect(completed[heading.firstIndex(of: "Activity number")!] == .number(1))
            #expect(completed[heading.firstIndex(of: "Milestone ref")!] == .text("1.10"))  // not the number 1.1
            #expect(elections.frozenRows == 1 && elections.columnWidths.count == DeliveryPlanExport.headers.count)

            let sheets = try XLSXReader.sheets(workbook)
            #expect(sheets.map(\.name) == ["Summary", "Elections", "Communications", "Property", "Grants", "Organisational Culture"])
            #expect(sheets[4].rows.count == 24)
            // Date cells read back as the ISO dates they were written from.
            let readHeading = sheets[1].rows[0].cells
            let readCompleted = try #require(sheets[1].rows.first { $0.cells[readHeading.firstIndex(of: "Key milestone")!] == hers.title })
            #expect(readCompleted.cells[readHeading.firstIndex(of: "Completed")!] == "2017-05-25")
            #expect(sheets.flatMap(\.rows).contains { $0.cells.contains("2018-02-28") })

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
            #expect(preview.changes.count == 1 && preview.changes[0].contains("Deadline: May-17 → Jun-17"))
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

    @Test func worksheetsKeepTheirHeadingsInViewAndSetColumnWidths() throws {
        let sheet = XLSXWriter.Sheet(name: "Plan", rows: [[.title("Q3 2017-18")], [.header("Deadline"), .header("Completed"), .header("Times re-timed")],
                                                          [.text("May-18"), .date(day(2017, 6, 30)), .number(2)]],
                                     columnWidths: [12, 14.5], frozenRows: 2)
        let xml = XLSXWriter.worksheet(sheet)
        #expect(xml.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<cols><col min=\"1\" max=\"1\" width=\"12.0\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"14.5\" customWidth=\"1\"/></cols>"))
        // Excel's serial number for 30 June 2017, in the date style; the deadline as written stays text.
        #expect(xml.contains("<c r=\"B3\" s=\"3\"><v>42916</v></c>") && xml.contains("<c r=\"C3\" s=\"5\"><v>2</v></c>"))
        #expect(xml.contains("<c r=\"A3\" s=\"2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">May-18</t></is></c>"))
        #expect(!XLSXWriter.worksheet(.init(name: "Plain", rows: [[.text("x")]])).contains("<sheetViews>"))

        let read = try XLSXReader.sheets(try XLSXWriter.write([sheet]))
        #expect(read[0].rows.map(\.cells) == [["Q3 2017-18"], ["Deadline", "Completed", "Times re-timed"], ["May-18", "2017-06-30", "2"]])
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
            #expect(page.contains("0 milestones added; 1 updated; 0 unchanged"))
            #expect(page.contains("Deadline: May-17 → Jun-17"))
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
