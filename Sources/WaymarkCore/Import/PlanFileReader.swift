/// Reads a plan file in either layout Waymark understands:
///
/// - a spreadsheet export (CSV or TSV) whose first row names the columns (see `PlanColumn`);
/// - the delivery-plan layout copied out of a Word document: area headings, "Activities / Lead
///   Officer / Deadline" header rows, numbered activities, "Key Milestones" rows and milestones.
///
/// A table may have an activity column or not (one row per key action under a theme); see
/// `PlanColumn.place(_:)` for how its headings are placed.
public enum PlanFileReader {
    public enum Layout: String, Sendable { case table, deliveryPlan = "delivery plan" }

    /// - Parameters:
    ///   - today: completion dates after this day are refused as mistakes.
    ///   - scheme: the plan's status scheme, whose words a status column is read in.
    public static func read(_ raw: [UInt8], today: CalendarDate? = nil, scheme: StatusScheme = .standard) throws(ImportFailure) -> (document: PlanDocument, layout: Layout) {
        let bytes: [UInt8]
        do { bytes = try DelimitedText.decode(raw) } catch {
            throw ImportFailure(problems: [ImportProblem(line: error.line, message: error.description)])
        }
        let firstLine = firstNonBlankLine(bytes)
        for delimiter in delimiters(for: firstLine) {
            let header = DelimitedText.rows(Array(firstLine), delimiter: delimiter, quoted: true, restoringText: true).first?.cells ?? []
            if PlanColumn.place(header).isPlan {
                // A table is what spreadsheets save, Waymark's CSV export among them: a `'` that
                // neutralised a formula-like cell ("'=1+1", "'-Already started") is taken off again.
                let rows = DelimitedText.rows(bytes, delimiter: delimiter, quoted: true, restoringText: true)
                return (try TablePlanReader.read(rows: rows, today: today, scheme: scheme), .table)
            }
        }
        let rows = DelimitedText.rows(bytes, delimiter: UInt8(ascii: "\t"), quoted: false)
        return (try DeliveryPlanLayoutReader.read(rows: rows, today: today, scheme: scheme), .deliveryPlan)
    }

    /// Rows already split into cells, such as a spreadsheet's, with a header row naming the columns.
    public static func read(tableRows rows: [TextRow], today: CalendarDate? = nil, scheme: StatusScheme = .standard) throws(ImportFailure) -> PlanDocument {
        try TablePlanReader.read(rows: rows, today: today, scheme: scheme)
    }

    /// Whether a header row names the columns a plan table needs to be recognised as one.
    public static func isPlanHeader(_ cells: [String]) -> Bool {
        PlanColumn.place(cells).isPlan
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
