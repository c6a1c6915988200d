import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// The printed pack: its page footer and Appendix 1's layout. (Chromium printing the footer is
/// checked with pdftotext by the end-to-end tests.)
@Suite struct BoardPackPrintTests {
    private func report(_ app: Application) async throws -> PeriodReport {
        let plan = try await importSeedPlan(app)
        let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
        return try await PeriodReport.build(plan: seeded, period: try ReportingPeriod.parse("Q3 2017-18").get(), record: nil,
                                            today: CalendarDate(year: 2018, month: 1, day: 5)!, on: app.db)
    }

    @Test func everyPrintedPageCarriesTheTitleAndItsNumber() async throws {
        try await withApp(.sqlite) { app in
            var report = try await report(app)
            let document = BoardPackHTML.document(report, generatedOn: CalendarDate(year: 2018, month: 1, day: 5)!)
            #expect(document.contains("@bottom-left { content: \"Eastbrook Borough Council Improvement Plan 2017-18 – October to December 2017 Update\";"))
            #expect(document.contains("@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);"))

            // A title can hold anything; it must neither end the CSS string nor the <style> element.
            report.planTitle = "Plan \"B\" \\ </style><script>alert(1)</script>"
            let hostile = BoardPackHTML.document(report, generatedOn: CalendarDate(year: 2018, month: 1, day: 5)!)
            #expect(hostile.contains("content: \"Plan \\\"B\\\" \\\\ \\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e  – October to December 2017 Update\";"))
            #expect(!hostile.contains("<script>"))
        }
    }

    @Test func cssStringsEscapeQuotesBackslashesAndLineBreaks() {
        #expect(BoardPackHTML.cssString("Plain – title") == "\"Plain – title\"")
        #expect(BoardPackHTML.cssString("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(BoardPackHTML.cssString("one\ntwo\u{7F}") == "\"one\\a two\\7f \"")
    }

    @Test func appendixOneGroupsActivitiesUnderTheirAreaAndWidensTheActivityColumn() async throws {
        try await withApp(.sqlite) { app in
            let report = try await report(app)
            let table = BoardPackHTML.activityTable(report).rendered
            // The area heads a group of rows rather than taking a column from the activity names.
            #expect(table.contains("<tbody><tr><th scope=\"rowgroup\" colspan=\"7\">Elections</th></tr><tr><td class=\"numeric\">1</td><td>Planning for the 2018 borough and parish elections</td>"))
            #expect(table.components(separatedBy: "scope=\"rowgroup\"").count - 1 == report.areas.count)
            #expect(!table.contains("<th scope=\"col\">Area</th>"))
            #expect(table.contains("<col class=\"activity-summary__activity\">"))
            #expect(BoardPackHTML.document(report, generatedOn: report.asOf).contains(".activity-summary__activity { width: 50% }"))
        }
    }
}
