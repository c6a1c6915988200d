import WaymarkCore

extension DeliveryPlanExport {
    static let recommendationHeaders = ["Review", "Recommendation", "What the review recommended", "Milestone ref", "Key milestone", "Deadline", "Waymark status"]

    /// A row for each milestone that answers a recommendation, in the report's scheme, so the
    /// spreadsheet can be filtered by recommendation or by status. (The CSV holds milestones
    /// alone, for `waymark import`.)
    static func recommendationRows(_ report: PeriodReport) -> [[XLSXWriter.Cell]] {
        report.recommendations.flatMap { row in
            row.lines.map { line -> [XLSXWriter.Cell] in
                [.text(row.reviewTitle), .number(row.number), .text(row.text), .text(line.ref), .text(line.title), .text(line.deadlineText),
                 .text(report.status(of: line)?.short ?? "Withdrawn")]
            }
        }
    }

    static func recommendationSheet(_ report: PeriodReport) -> XLSXWriter.Sheet? {
        guard !report.recommendations.isEmpty else { return nil }
        return XLSXWriter.Sheet(name: "Recommendations", rows: [recommendationHeaders.map(XLSXWriter.Cell.header)] + recommendationRows(report),
                                columnWidths: [30, 9, 60, 9, 45, 12, 11], frozenRows: 1)
    }
}
