import WaymarkCore

/// The delivery plan as rows, for CSV and the spreadsheet. The headings are ones `waymark import`
/// reads back (`PlanColumn`), so an exported plan edited in a spreadsheet imports into the same
/// plan and updates its milestones. Columns it does not read (revised deadline, commentary) are
/// reported as left out, never guessed at.
enum DeliveryPlanExport {
    static let headers = ["Area", "Activity number", "Activity", "Milestone ref", "Key milestone", "Lead officer", "Deadline",
                          "Revised deadline", "Times re-timed", "Status", "Forecast", "Completed", "Withdrawn reason", "Latest commentary"]

    static func row(_ line: SnapshotLine) -> [String] {
        let withdrawn = line.lifecycle == MilestoneLifecycle.withdrawn.rawValue
        return [line.areaName, String(line.activityNumber), line.activityTitle, line.ref, line.title, line.leads, line.deadlineText,
                line.revisedDeadlineText ?? "", String(line.revisionCount), withdrawn ? "Withdrawn" : (line.status?.label ?? ""),
                line.forecastDate ?? "", line.completedDate ?? "", line.withdrawalReason ?? "",
                line.commentary ?? ""]
    }

    static func csv(_ report: PeriodReport) -> String {
        OutputFormat.render(.csv, headers: headers, rows: report.lines.map(row))
    }

    static let summaryHeaders = ["Area", "Completed", "On Target", "Delayed", "Overdue", "Active", "% complete",
                                 "% completed or on target", "Delivery status", "Rating justification"]

    static func summaryRows(_ report: PeriodReport) -> [[XLSXWriter.Cell]] {
        var rows = report.areas.map { area -> [XLSXWriter.Cell] in
            let c = area.counts
            return [.text(area.name), .number(c.completed), .number(c.onTarget), .number(c.delayed), .number(c.overdue), .number(c.active),
                    c.percentComplete.map(XLSXWriter.Cell.number) ?? .text(""), c.percentCompletedOrOnTarget.map(XLSXWriter.Cell.number) ?? .text(""),
                    .text(area.rating?.label ?? "Not rated"), .text(area.override.map { "Overridden: \($0.justification)" } ?? area.ruleExplanation)]
        }
        let t = report.total
        rows.append([.text("Total"), .number(t.completed), .number(t.onTarget), .number(t.delayed), .number(t.overdue), .number(t.active),
                      t.percentComplete.map(XLSXWriter.Cell.number) ?? .text(""), t.percentCompletedOrOnTarget.map(XLSXWriter.Cell.number) ?? .text(""),
                      .text(""), .text("")])
        return rows
    }

    /// A summary sheet, then one sheet per area holding its milestones.
    static func workbook(_ report: PeriodReport) throws -> [UInt8] {
        var sheets = [XLSXWriter.Sheet(name: "Summary", rows: [
            [.text("\(report.planTitle): \(report.period.label) (\(report.period.months))")],
            [.text(report.isFinal ? "As frozen when the period closed, statuses as at \(report.asOf.display)" : "Draft: the period is still open; as at \(report.asOf.display)")],
            [],
            summaryHeaders.map(XLSXWriter.Cell.header),
        ] + summaryRows(report))]
        var byArea: [(name: String, lines: [SnapshotLine])] = []
        for line in report.lines {
            if byArea.last?.name == line.areaName { byArea[byArea.count - 1].lines.append(line) } else { byArea.append((line.areaName, [line])) }
        }
        for area in byArea {
            sheets.append(XLSXWriter.Sheet(name: area.name, rows: [headers.map(XLSXWriter.Cell.header)] + area.lines.map { row($0).map(XLSXWriter.Cell.text) }))
        }
        return try XLSXWriter.write(sheets)
    }
}
