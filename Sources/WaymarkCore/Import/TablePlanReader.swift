/// CSV or TSV with a header row: one milestone a row, under an activity, or straight under its
/// area when the table has no activity column (Waymark then makes one activity for each area).
enum TablePlanReader {
    static func read(rows: [TextRow], today: CalendarDate?, scheme: StatusScheme) throws(ImportFailure) -> PlanDocument {
        var builder = PlanDocumentBuilder(today: today, scheme: scheme)
        guard let headerIndex = rows.firstIndex(where: { !$0.isBlank }) else { throw ImportFailure(problems: [.init(line: 1, message: "the file is empty")]) }
        let header = rows[headerIndex]
        let placement = PlanColumn.place(header.cells)
        for index in placement.unplaced {
            builder.warn(header.line, nil, "the column \"\(header[cell: index])\" (column \(PlanColumn.letters(index))) was not placed, so it was not imported")
        }
        for clash in placement.clashes {
            builder.problem(header.line, header[cell: clash.later], "both \"\(header[cell: clash.earlier])\" and \"\(header[cell: clash.later])\" are the \(clash.column.rawValue) column; keep one")
        }
        for column in PlanColumn.required where placement.columns[column] == nil {
            let names = column.headings.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
            builder.problem(header.line, column.rawValue, "there is no \(column.rawValue) column; name one of the headings \(names)")
        }
        if !builder.problems.isEmpty { throw ImportFailure(problems: builder.problems) }
        builder.hasCompletionColumn = placement.columns[.completed] != nil

        let columns = placement.columns
        func cell(_ row: TextRow, _ column: PlanColumn) -> String {
            columns[column].map { row[cell: $0] } ?? ""
        }
        let hasActivityLevel = placement.hasActivityLevel
        var lastActivityCell: (cell: String, split: (reference: String, title: String)) = ("", ("", ""))
        for row in rows[(headerIndex + 1)...] where !row.isBlank {
            let areaName = cell(row, .area)
            let activityCell = cell(row, .activity)
            if areaName.isEmpty { builder.problem(row.line, "area", "no area is given") }
            if hasActivityLevel && activityCell.isEmpty { builder.problem(row.line, "activity", "no activity is given") }
            guard !areaName.isEmpty, !activityCell.isEmpty || !hasActivityLevel else { continue }

            let area = builder.area(named: areaName, line: row.line)
            let position: PlanDocumentBuilder.Position?
            if hasActivityLevel {
                if activityCell != lastActivityCell.cell {
                    lastActivityCell = (activityCell, ActivityHeading.reference(in: activityCell) ?? ("", activityCell))
                }
                var (reference, title) = lastActivityCell.split
                let numberCell = cell(row, .activityNumber)
                if !numberCell.isEmpty { reference = numberCell }
                position = builder.activity(reference: reference, title: title, area: area, line: row.line)
            } else {
                position = builder.activity(madeFor: area, line: row.line)
            }
            guard let position else { continue }

            var cells = MilestoneCells(line: row.line, title: cell(row, .milestone), lead: cell(row, .lead), deadline: cell(row, .deadline))
            cells.forecast = cell(row, .forecast)
            cells.completed = cell(row, .completed)
            cells.status = cell(row, .status)
            cells.withdrawnReason = cell(row, .withdrawnReason)
            cells.reference = cell(row, .reference)
            builder.addMilestone(cells, to: position)
        }
        return try builder.finish()
    }
}
