import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
import ZIPFoundation
@testable import WaymarkApp

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// CSV written for spreadsheets never starts a text cell with a formula, Waymark's own import reads
/// the text back exactly, and the workbook holds no formulas at all.
@Suite struct SpreadsheetFormulaTests {
    /// Titles a spreadsheet would run as formulas, one already starting with an apostrophe, and a
    /// withdrawal reason starting with @.
    static let titles = ["=1+1", "-Already started", "'=2+2", "+44 20 7946 0000 helpline", "'Tis the season"]
    static let reason = "@SUM(1+1) asked for it to go"

    /// The seed plan with formula-like text in it, through the same services the pages use, and
    /// the Q3 2017-18 pack.
    private func formulaPlan(_ app: Application) async throws -> (planID: Int, report: PeriodReport) {
        let plan = try await importSeedPlan(app)
        let officer = try #require(try await User.find(try await TestAccounts.make(app).ids[.performanceOfficer], on: app.db))
        let structure = PlanStructureService(db: app.db, user: officer)
        let milestones = try await Milestone.query(on: app.db).with(\.$leads).sort(\.$id).range(0..<(Self.titles.count + 1)).all()
        for (milestone, title) in zip(milestones, Self.titles) {
            let input = PlanStructureService.MilestoneInput(title: title, deadline: milestone.deadlineText,
                                                            leads: milestone.leads.map(\.name).joined(separator: " / "), version: milestone.version)
            guard case .saved = try await structure.editMilestone(milestone.id!, input) else { throw Abort(.internalServerError, reason: "not renamed: \(title)") }
        }
        let withdrawn = milestones[Self.titles.count]
        guard case .saved = try await structure.setWithdrawn(withdrawn.id!, reason: Self.reason, version: withdrawn.version) else {
            throw Abort(.internalServerError, reason: "not withdrawn")
        }
        let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
        let report = try await PeriodReport.build(plan: seeded, period: try ReportingPeriod.parse("Q3 2017-18").get(), record: nil, today: day(2018, 1, 5), on: app.db)
        return (plan.planID, report)
    }

    @Test(arguments: TestDatabase.allCases)
    func thePackCSVNeutralisesFormulasAndImportsBackUnchanged(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, report) = try await formulaPlan(app)
            let csv = DeliveryPlanExport.csv(report)
            for written in ["'=1+1", "'-Already started", "''=2+2", "'+44 20 7946 0000 helpline", "'@SUM(1+1) asked for it to go"] {
                #expect(csv.contains(",\(written),"), "\(written)")
            }
            #expect(csv.contains(",'Tis the season,"))  // not formula-like, so left alone
            // Read as a spreadsheet would, no cell starts with a formula; numbers stay numbers.
            let cells = DelimitedText.rows(Array(csv.utf8), delimiter: UInt8(ascii: ","), quoted: true).flatMap(\.cells)
            #expect(!cells.contains { $0.utf8.first.map(SpreadsheetText.triggers.contains) == true })
            #expect(cells.contains("1") && cells.contains("0"))

            let loaded = try PlanFileLoader.load(Array(csv.utf8), fileName: "q3.csv", today: day(2018, 1, 5))
            #expect(loaded.document.milestoneCount == 115)
            let read = loaded.document.areas.flatMap(\.activities).flatMap(\.milestones)
            #expect(Self.titles.allSatisfy { title in read.contains { $0.title == title } })
            #expect(read.contains { $0.withdrawnReason == Self.reason })

            let service = PlanImportService(db: app.db, actor: "test")
            let preview = try await service.preview(loaded.document, planReference: String(planID), fileName: "q3.csv")
            #expect(preview.outcome.createdMilestones == 0 && preview.outcome.updatedMilestones == 0 && preview.outcome.unchangedMilestones == 115)
            #expect(preview.changes.isEmpty, "\(preview.changes)")
            let outcome = try await service.run(loaded.document, planReference: String(planID), fileName: "q3.csv")
            #expect(outcome.createdMilestones == 0 && outcome.updatedMilestones == 0)
            #expect(try await Milestone.query(on: app.db).count() == 115)
            for title in Self.titles { #expect(try await Milestone.query(on: app.db).filter(\.$title == title).count() == 1, "\(title)") }
            #expect(try await Milestone.query(on: app.db).filter(\.$withdrawnReason == Self.reason).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theWorkbookHoldsNoFormulasAndImportsBackUnchanged(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, report) = try await formulaPlan(app)
            let workbook = try DeliveryPlanExport.workbook(report)
            let archive = try Archive(data: Data(workbook), accessMode: .read)
            var sheets = 0
            for entry in archive where entry.path.hasPrefix("xl/worksheets/") {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                let xml = String(decoding: data, as: UTF8.self)
                sheets += 1
                #expect(!xml.contains("<f"), "\(entry.path)")
                // Every cell is an inline string or a number (no type given means a number).
                let types = xml.components(separatedBy: "<c ").dropFirst().map { $0.prefix { $0 != ">" } }
                #expect(types.allSatisfy { !$0.contains(" t=\"") || $0.contains(" t=\"inlineStr\"") || $0.contains(" t=\"s\"") || $0.contains(" t=\"n\"") })
                #expect(!xml.contains("'=1+1"))  // a workbook's text is written as it is
            }
            #expect(sheets == 6)
            let texts = try XLSXReader.sheets(workbook).flatMap(\.rows).flatMap(\.cells)
            #expect(Self.titles.allSatisfy(texts.contains) && texts.contains(Self.reason))

            let loaded = try PlanFileLoader.load(workbook, fileName: "q3.xlsx", today: day(2018, 1, 5))
            let preview = try await PlanImportService(db: app.db, actor: "test").preview(loaded.document, planReference: String(planID), fileName: "q3.xlsx")
            #expect(preview.outcome.createdMilestones == 0 && preview.outcome.unchangedMilestones == 115 && preview.changes.isEmpty, "\(preview.changes)")
        }
    }

    @Test func csvWritesNumbersAsTheyAreAndNeutralisesText() {
        let csv = OutputFormat.csv(headers: ["Name", "Change", "=Heading"], rows: [["-", "-3", "x"], ["=x", "=1+1", "@a"], ["+44 20", "", "'-b"], ["a,b", "2.5", "\tc"]],
                                   numberColumns: [1])
        #expect(csv == "Name,Change,'=Heading\n'-,-3,x\n'=x,'=1+1,'@a\n'+44 20,,''-b\n\"a,b\",2.5,'\tc\n")
        #expect(OutputFormat.render(.csv, headers: ["A"], rows: [["=1"]]) == "A\n'=1\n")
        #expect(OutputFormat.render(.table, headers: ["A"], rows: [["=1"]]).contains("=1\n") && !OutputFormat.render(.table, headers: ["A"], rows: [["=1"]]).contains("'"))
        // A cell's type decides: a number is never marked, text that looks like one is.
        #expect(XLSXWriter.Cell.number(-3).csvText == "-3" && XLSXWriter.Cell.text("-3").csvText == "'-3")
        #expect(XLSXWriter.Cell.date(day(2017, 6, 30)).csvText == "2017-06-30" && XLSXWriter.Cell.header("@x").csvText == "'@x")
        #expect(OutputFormat.isNumber("-3") && OutputFormat.isNumber("22") && OutputFormat.isNumber("") && OutputFormat.isNumber("-0.5"))
        #expect(!OutputFormat.isNumber("-") && !OutputFormat.isNumber("=1") && !OutputFormat.isNumber("-inf") && !OutputFormat.isNumber("0x1p3"))
    }

    /// `waymark plans`, `status` and `milestones` with `--format csv` are for spreadsheets too.
    @Test func theCommandsCSVNeutralisesText() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let file = try waymark.write("formula.csv", """
            Area,Activity,Key milestone,Lead officer,Deadline
            @Area,1. Review,=1+1,Jo Bloggs,May-18
            @Area,1. Review,-Already started,Jo Bloggs,Jun-18
            """)
        let imported = try waymark.run("import", file, "--plan", "=Plan")
        #expect(imported.status == 0, "\(imported.stderr)")

        let plans = try waymark.run("plans", "--format", "csv").stdout
        #expect(plans.contains("\n1,'=Plan,"), "\(plans)")
        let status = try waymark.run("status", "--plan", "1", "--as-of", "2017-12-31", "--format", "csv").stdout
        #expect(status.contains("\n'@Area,0,2,0,0,2,0,100\n"), "\(status)")
        let milestones = try waymark.run("milestones", "--plan", "1", "--as-of", "2017-12-31", "--format", "csv").stdout
        #expect(milestones.contains(",'@Area,'=1+1,Jo Bloggs,May-18,") && milestones.contains(",'-Already started,"), "\(milestones)")
        // The table for people reading the terminal is as it was.
        #expect(try waymark.run("milestones", "--plan", "1", "--as-of", "2017-12-31").stdout.contains(" =1+1 "))
    }
}
