import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One worksheet's cells, placed by their references so skipped empty cells keep columns aligned.
final class WorksheetParser: WorkbookXML {
    let shared: [String]
    /// Shared text too long for a cell, left out of `shared`.
    let overlong: Set<Int>
    let dateFormats: [Int: DateStyles.Shape]
    var rows: [TextRow] = []
    var cells: [String] = []
    var rowNumber = 0
    var lastCompleteRow: Int?
    var cellReference: String?
    var cellColumn = 0
    var cellType = ""
    var cellStyle: Int?
    var text = ""
    /// The cell's text so far, in UTF-16 code units, as Excel counts.
    var textLength = 0
    var collecting = false

    init(shared: [String], overlong: Set<Int>, dateFormats: [Int: DateStyles.Shape], budget: WorkbookBudget) {
        self.shared = shared
        self.overlong = overlong
        self.dateFormats = dateFormats
        super.init(budget: budget)
    }

    func run(_ data: Data, sheet: String) throws(WorkbookUnreadable) -> Self {
        try parse(data, sheet: sheet, part: nil)
        return self
    }

    override var progress: String { lastCompleteRow.map { ", after row \($0)" } ?? "" }

    /// Spaces collapsed and the ends trimmed; text that needs neither is returned as it is, not
    /// copied, so the cells showing one shared text share it.
    static func clean(_ value: String) -> String {
        let collapsed = DelimitedText.collapseSpaces(value)
        let space = CharacterSet.whitespacesAndNewlines
        guard let first = collapsed.unicodeScalars.first, let last = collapsed.unicodeScalars.last, space.contains(first) || space.contains(last) else { return collapsed }
        return collapsed.trimmingCharacters(in: space)
    }

    /// Excel's last column, XFD; a reference beyond it is damage, not data.
    static let columnLimit = 16_384

    /// "C12" → 2; nil without letters or beyond column XFD.
    static func column(_ reference: String) -> Int? {
        var value = 0, seen = false
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            value = value * 26 + Int(scalar.value - 64)
            guard value <= columnLimit else { return nil }
            seen = true
        }
        return seen ? value - 1 : nil
    }

    /// Excel counts days from 30 December 1899.
    static func date(fromSerial serial: Double, shape: DateStyles.Shape) -> String? {
        guard serial >= 1, serial < 2_958_466, let epoch = CalendarDate(year: 1899, month: 12, day: 30) else { return nil }
        let day = CalendarDate(dayNumber: epoch.dayNumber + Int(serial.rounded(.down)))
        switch shape {
        case .day: return day.iso
        case .monthYear: return "\(CalendarDate.monthAbbreviations[day.month - 1])-\(String(format: "%02d", day.year % 100))"
        }
    }

    /// 2 → "C".
    static func letters(_ column: Int) -> String {
        var letters = "", rest = column + 1
        while rest > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (rest - 1) % 26))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }

    /// "row 12, cell D12"; for a cell without a reference, the one its place in the row makes it.
    private var place: String { "row \(rowNumber), cell \(cellReference ?? Self.letters(cellColumn) + String(rowNumber))" }

    private var tooManyCells: String {
        "by row \(rowNumber) the workbook holds more than \(WorkbookReader.grouped(budget.limits.cells)) cells, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that"
    }

    private func tooLong(_ shared: Int? = nil) -> String {
        "the cell holds more than \(WorkbookReader.grouped(budget.limits.cellCharacters)) characters\(shared.map { " (shared text number \($0))" } ?? ""), more than Excel allows; "
            + "no plan's text is near that long (a commentary may have \(WorkbookReader.grouped(TextLimit.text.maximum))), so Waymark does not read the workbook; shorten the cell's text and import it again"
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellReference = attributes["r"]
            if let reference = cellReference {
                guard let column = Self.column(reference) else {
                    return stop(parser, "\"\(reference)\" is not a cell Excel can have (its last column is XFD) \(WorkbookReader.damaged)", at: place)
                }
                cellColumn = column
            } else {
                // A cell without a reference is the next in the row; past column XFD, the row is wider than Excel allows.
                guard cells.count < Self.columnLimit else {
                    return stop(parser, "the row has more than \(WorkbookReader.grouped(Self.columnLimit)) cells, more than Excel allows (its last column is XFD) \(WorkbookReader.damaged)",
                                at: "row \(rowNumber)")
                }
                cellColumn = cells.count
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init)
            (text, textLength) = ("", 0)
        case "v", "t":
            collecting = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard collecting, refusal == nil else { return }
        textLength += string.utf16.count
        guard textLength <= budget.limits.cellCharacters else { return stop(parser, tooLong(), at: place) }
        text += string
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t": collecting = false
        case "c":
            var value: String
            switch cellType {
            case "s":
                let index = text.trimmingCharacters(in: .whitespaces)
                if index.isEmpty {
                    value = ""
                } else if let number = Int(index), shared.indices.contains(number) {
                    if overlong.contains(number) { return stop(parser, tooLong(number), at: place) }
                    value = shared[number]
                } else {
                    let held = shared.isEmpty ? "the workbook holds no shared text" : "the workbook holds only \(shared.count) (numbered from 0)"
                    return stop(parser, "the cell refers to shared text number \(index), but \(held) \(WorkbookReader.damaged)", at: place)
                }
            case "b": value = text == "1" ? "TRUE" : "FALSE"
            case "n":
                value = text
                if let style = cellStyle, let shape = dateFormats[style], let serial = Double(text), let day = Self.date(fromSerial: serial, shape: shape) {
                    value = day
                } else if let number = Double(text), number == number.rounded(), abs(number) < 1e15 {
                    value = String(Int(number))
                }
            default: value = text
            }
            // Counted before the value is cleaned (a copy) or a row grows to hold it.
            budget.cellTextBytes += value.utf8.count
            if budget.cellTextBytes > budget.limits.cellTextBytes {
                return stop(parser, "by this cell the workbook's cells hold more than \(budget.limits.cellTextBytes / 1024 / 1024) MB of text (shared text counted for each cell that shows it), "
                    + "far more than any plan needs, so Waymark does not read it; save the plan's sheets in a smaller workbook, or as CSV, and import that", at: place)
            }
            if cellColumn >= cells.count {
                budget.cells += cellColumn + 1 - cells.count
                if budget.cells > budget.limits.cells { return stop(parser, tooManyCells) }
            }
            while cells.count < cellColumn { cells.append("") }
            if cells.count == cellColumn { cells.append(Self.clean(value)) } else if cellColumn < cells.count { cells[cellColumn] = Self.clean(value) }
            cellReference = nil
        case "row":
            rows.append(TextRow(line: rowNumber, cells: cells))
            lastCompleteRow = rowNumber
            // Each cell was counted as it was read; an empty row counts as one.
            if cells.isEmpty { budget.cells += 1 }
            if budget.cells > budget.limits.cells { return stop(parser, tooManyCells) }
            if rows.count > budget.limits.rowsPerSheet {
                return stop(parser, "the sheet has more than \(WorkbookReader.grouped(budget.limits.rowsPerSheet)) rows, more than Excel allows \(WorkbookReader.damaged)")
            }
        default: break
        }
    }
}
