import WaymarkCore

/// The delivery plan as rows, for CSV and the spreadsheet. The headings are ones `waymark import`
/// reads back (`PlanColumn`), so an exported plan edited in a spreadsheet imports into the same
/// plan and updates its milestones. Columns it does not read (revised deadline, commentary) are
/// reported as left out, never guessed at.
enum DeliveryPlanExport {
    static let headers = ["Area", "Activity number", "Activity", "Milestone ref", "Key milestone", "Lead officer", "Deadline",
                          "Revised deadline", "Times re-timed", "Waymark status", "Forecast", "Completed", "Withdrawn reason", "Latest commentary"]
    /// Widths in characters for the spreadsheet, one for each heading: room for names, and wrapped
    /// text for the long columns.
    static let columnWidths: [Double] = [18, 9, 36, 9, 45, 22, 12, 12, 9, 11, 12, 12, 28, 60]

    /// One milestone's cells. Counts are numbers and forecast and completion dates are dates, so a
    /// spreadsheet can sort and filter them; the deadline stays text, in the plan's own words
    /// ("May-18", "Mar-Apr 17", "On-going"), as do the milestone ref ("1.10" is not 1.1) and the
    /// revised deadline.
    /// The status is the one Waymark worked out, in the report's scheme; its heading is not one
    /// `waymark import` reads as a status, so importing the file back does not record Waymark's
    /// own figure as a status the council reported.
    static func cells(_ line: SnapshotLine, scheme: StatusScheme = .standard) -> [XLSXWriter.Cell] {
        let withdrawn = line.lifecycle == MilestoneLifecycle.withdrawn.rawValue
        // A plan numbered through has whole numbers; one that numbers its own keeps "2.3" as text.
        let activity: XLSXWriter.Cell = Int(line.activityLabel).map(XLSXWriter.Cell.number) ?? .text(line.activityLabel)
        return [.text(line.areaName), activity, .text(line.activityTitle), .text(line.ref), .text(line.title), .text(line.leads),
                .text(line.deadlineText), .text(line.revisedDeadlineText ?? ""), .number(line.revisionCount),
                .text(withdrawn ? "Withdrawn" : (PeriodReport.status(of: line, in: scheme)?.short ?? "")), day(line.forecastDate), day(line.completedDate),
                .text(line.withdrawalReason ?? ""), .text(line.commentary ?? "")]
    }

    /// Dates are stored as ISO text; anything else that got there is kept as it is.
    private static func day(_ text: String?) -> XLSXWriter.Cell {
        guard let text else { return .text("") }
        return CalendarDate(iso: text).map(XLSXWriter.Cell.date) ?? .text(text)
    }

    /// One milestone as CSV cells for a spreadsheet: text neutralised against formulas (see
    /// `SpreadsheetText`), numbers and dates as they are.
    static func row(_ line: SnapshotLine, scheme: StatusScheme = .standard) -> [String] {
        cells(line, scheme: scheme).map(\.csvText)
    }

    /// The delivery plan as CSV, for Excel and for `waymark import` (which takes off the `'`
    /// added to formula-like text again).
    static func csv(_ report: PeriodReport) -> String {
        OutputFormat.csvLines([headers.map(SpreadsheetText.neutralised)] + report.lines.map { row($0, scheme: report.scheme) })
    }

    /// The measurable outcomes as CSV for a spreadsheet, apart from the delivery plan's CSV,
    /// which `waymark import` reads back and so holds milestones alone.
    static func outcomesCSV(_ report: PeriodReport) -> String {
        OutputFormat.csvLines([PeriodOutcome.headers.map(SpreadsheetText.neutralised)] + report.outcomes.map { $0.cells.map(\.csvText) })
    }

    /// A column per status of the report's scheme, named as the scheme names it.
    static func summaryHeaders(_ scheme: StatusScheme) -> [String] {
        ["Area"] + scheme.statuses.map(\.short) + ["Active", "% complete", "% \(scheme.goodWords)", "Delivery status", "Rating justification"]
    }

    static func summaryColumnWidths(_ scheme: StatusScheme) -> [Double] {
        [24] + scheme.statuses.map { _ in 11 } + [11, 11, 13, 14, 60]
    }

    static func summaryRows(_ report: PeriodReport) -> [[XLSXWriter.Cell]] {
        let statuses = report.scheme.statuses
        func counts(_ c: StatusCounts) -> [XLSXWriter.Cell] {
            statuses.map { .number(c[code: $0.code]) } + [.number(c.active), c.percentComplete.map(XLSXWriter.Cell.number) ?? .text(""),
                                                           c.percentCompletedOrOnTarget.map(XLSXWriter.Cell.number) ?? .text("")]
        }
        var rows = report.areas.map { area -> [XLSXWriter.Cell] in
            [.text(area.name)] + counts(area.counts)
                + [.text(area.rating?.label ?? "Not rated"), .text(area.override.map { "Overridden: \($0.justification)" } ?? area.ruleExplanation)]
        }
        rows.append([.text("Total")] + counts(report.total) + [.text(""), .text("")])
        return rows
    }

    static func workbook(_ report: PeriodReport) throws -> [UInt8] {
        try XLSXWriter.write(sheets(report))
    }

    /// A summary sheet, then one sheet per area holding its milestones. Each keeps its headings
    /// in view while scrolling.
    static func sheets(_ report: PeriodReport) -> [XLSXWriter.Sheet] {
        let summary: [[XLSXWriter.Cell]] = [
            [.title("\(report.planTitle): \(report.period.label) (\(report.period.months))")],
            [.title(report.isFinal ? "As frozen when the period closed, statuses as at \(report.asOf.display)" : "Draft: the period is still open; as at \(report.asOf.display)")],
            [],
            summaryHeaders(report.scheme).map(XLSXWriter.Cell.header),
        ]
        var sheets = [XLSXWriter.Sheet(name: "Summary", rows: summary + summaryRows(report), columnWidths: summaryColumnWidths(report.scheme), frozenRows: summary.count)]
        var byArea: [(name: String, lines: [SnapshotLine])] = []
        for line in report.lines {
            if byArea.last?.name == line.areaName { byArea[byArea.count - 1].lines.append(line) } else { byArea.append((line.areaName, [line])) }
        }
        for area in byArea {
            sheets.append(XLSXWriter.Sheet(name: area.name, rows: [headers.map(XLSXWriter.Cell.header)] + area.lines.map { cells($0, scheme: report.scheme) },
                                           columnWidths: columnWidths, frozenRows: 1))
        }
        if !report.outcomes.isEmpty {
            sheets.append(XLSXWriter.Sheet(name: "Measurable outcomes", rows: [PeriodOutcome.headers.map(XLSXWriter.Cell.header)] + report.outcomes.map(\.cells),
                                           columnWidths: [18, 36, 12, 12, 10, 16, 30, 60], frozenRows: 1))
        }
        if let recommendations = recommendationSheet(report) { sheets.append(recommendations) }
        return sheets
    }
}
