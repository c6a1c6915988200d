/// Reads a plan file in either layout Waymark understands:
///
/// - a spreadsheet export (CSV or TSV) whose first row names the columns (see `PlanColumn`);
/// - the delivery-plan layout copied out of a Word document: area headings, "Activities / Lead
///   Officer / Deadline" header rows, numbered activities, "Key Milestones" rows and milestones.
public enum PlanFileReader {
    public enum Layout: String, Sendable { case table, deliveryPlan = "delivery plan" }

    /// - Parameter today: completion dates after this day are refused as mistakes.
    public static func read(_ raw: [UInt8], today: CalendarDate? = nil) throws(ImportFailure) -> (document: PlanDocument, layout: Layout) {
        let bytes: [UInt8]
        do { bytes = try DelimitedText.decode(raw) } catch {
            throw ImportFailure(problems: [ImportProblem(line: error.line, message: error.description)])
        }
        let firstLine = firstNonBlankLine(bytes)
        for delimiter in delimiters(for: firstLine) {
            let header = DelimitedText.rows(Array(firstLine), delimiter: delimiter, quoted: true, restoringText: true).first?.cells ?? []
            let columns = header.map(PlanColumn.init(heading:))
            if columns.contains(.milestone) && columns.contains(.deadline) {
                // A table is what spreadsheets save, Waymark's CSV export among them: a `'` that
                // neutralised a formula-like cell ("'=1+1", "'-Already started") is taken off again.
                let rows = DelimitedText.rows(bytes, delimiter: delimiter, quoted: true, restoringText: true)
                return (try TablePlanReader.read(rows: rows, today: today), .table)
            }
        }
        let rows = DelimitedText.rows(bytes, delimiter: UInt8(ascii: "\t"), quoted: false)
        return (try DeliveryPlanLayoutReader.read(rows: rows, today: today), .deliveryPlan)
    }

    /// Rows already split into cells, such as a spreadsheet's, with a header row naming the columns.
    public static func read(tableRows rows: [TextRow], today: CalendarDate? = nil) throws(ImportFailure) -> PlanDocument {
        try TablePlanReader.read(rows: rows, today: today)
    }

    /// Whether a header row names the columns a plan table needs to be recognised as one.
    public static func isPlanHeader(_ cells: [String]) -> Bool {
        let columns = cells.map(PlanColumn.init(heading:))
        return columns.contains(.milestone) && columns.contains(.deadline)
    }

    private static func firstNonBlankLine(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes[start..<end]
            if line.contains(where: { $0 > 0x20 }) { return line }
            start = end + 1
        }
        return []
    }

    private static func delimiters(for line: ArraySlice<UInt8>) -> [UInt8] {
        if line.contains(UInt8(ascii: "\t")) { return [UInt8(ascii: "\t")] }
        return [UInt8(ascii: ","), UInt8(ascii: ";")]
    }
}

/// CSV or TSV with a header row: one milestone a row.
enum TablePlanReader {
    static func read(rows: [TextRow], today: CalendarDate?) throws(ImportFailure) -> PlanDocument {
        var builder = PlanDocumentBuilder(today: today)
        guard let headerIndex = rows.firstIndex(where: { !$0.isBlank }) else { throw ImportFailure(problems: [.init(line: 1, message: "the file is empty")]) }
        let header = rows[headerIndex]
        var columns: [PlanColumn: Int] = [:]
        for (index, heading) in header.cells.enumerated() where !heading.isEmpty {
            guard let column = PlanColumn(heading: heading) else {
                builder.warn(header.line, heading, "this column is not one Waymark reads, so it was left out")
                continue
            }
            if let earlier = columns[column] {
                builder.problem(header.line, heading, "both \"\(header[cell: earlier])\" and \"\(heading)\" are the \(column.rawValue) column; keep one")
            }
            columns[column] = index
        }
        for column in PlanColumn.required where columns[column] == nil {
            let names = column.headings.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
            builder.problem(header.line, column.rawValue, "there is no \(column.rawValue) column; name one of the headings \(names)")
        }
        if !builder.problems.isEmpty { throw ImportFailure(problems: builder.problems) }

        func cell(_ row: TextRow, _ column: PlanColumn) -> String {
            columns[column].map { row[cell: $0] } ?? ""
        }
        var numberForTitle: [String: Int] = [:]
        var lastActivityCell: (cell: String, split: (number: Int?, title: String)) = ("", (nil, ""))
        for row in rows[(headerIndex + 1)...] where !row.isBlank {
            let areaName = cell(row, .area)
            let activityCell = cell(row, .activity)
            if areaName.isEmpty { builder.problem(row.line, "area", "no area is given") }
            if activityCell.isEmpty { builder.problem(row.line, "activity", "no activity is given") }
            guard !areaName.isEmpty, !activityCell.isEmpty else { continue }

            if activityCell != lastActivityCell.cell { lastActivityCell = (activityCell, ActivityHeading.split(activityCell)) }
            var (number, title) = lastActivityCell.split
            let numberCell = cell(row, .activityNumber)
            if !numberCell.isEmpty {
                guard let given = Int(numberCell.filter { $0 != "." }) else {
                    builder.problem(row.line, "activity number", "\"\(numberCell)\" is not a whole number")
                    continue
                }
                number = given
            }
            let resolvedNumber: Int
            if let number {
                resolvedNumber = number
            } else {
                let titleKey = LeadNames.key(areaName) + "\u{1F}" + LeadNames.key(title)
                resolvedNumber = numberForTitle[titleKey] ?? builder.nextActivityNumber
                numberForTitle[titleKey] = resolvedNumber
            }
            let area = builder.area(named: areaName, line: row.line)
            guard let position = builder.activity(number: resolvedNumber, title: title, area: area, line: row.line) else { continue }

            var cells = MilestoneCells(line: row.line, title: cell(row, .milestone), lead: cell(row, .lead), deadline: cell(row, .deadline))
            cells.forecast = cell(row, .forecast)
            cells.completed = cell(row, .completed)
            cells.status = cell(row, .status)
            cells.withdrawnReason = cell(row, .withdrawnReason)
            builder.addMilestone(cells, to: position)
        }
        return try builder.finish()
    }
}

/// "12. Development of Grants Scrutiny Sub-Committee" is activity 12.
enum ActivityHeading {
    static func split(_ text: String) -> (number: Int?, title: String) {
        let utf8 = text.utf8
        var index = utf8.startIndex
        var number = 0
        var digits = 0
        while index < utf8.endIndex, (48...57).contains(utf8[index]), digits < 9 {
            number = number * 10 + Int(utf8[index] - 48)
            digits += 1
            index = utf8.index(after: index)
        }
        guard digits > 0, index < utf8.endIndex, utf8[index] == UInt8(ascii: ".") || utf8[index] == UInt8(ascii: ")") else { return (nil, text) }
        let title = String(text[utf8.index(after: index)...]).trimmingWhitespace()
        return title.isEmpty ? (nil, text) : (number, title)
    }
}
