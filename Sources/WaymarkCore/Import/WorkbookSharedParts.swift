import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The workbook's shared text: every cell of type "s" holds an index into it.
///
/// An entry longer than a cell may hold is kept empty, its number in `overlong`, and is not
/// collected past the limit; the sheet refuses the first cell that shows it, naming the cell.
final class SharedStrings: WorkbookXML {
    var strings: [String] = []
    var overlong: Set<Int> = []
    var current = ""
    /// The current entry's length so far, in UTF-16 code units, as Excel counts.
    var currentLength = 0
    var inText = false
    /// Inside phonetic guides (furigana), whose text is not the cell's.
    var inPhonetic = false

    func run(_ data: Data, part: String) throws(WorkbookUnreadable) -> Self {
        try parse(data, sheet: nil, part: part)
        return self
    }

    override var progress: String { strings.isEmpty ? "" : ", after \(strings.count) complete \(strings.count == 1 ? "entry" : "entries")" }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "si": (current, currentLength) = ("", 0)
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, currentLength <= budget.limits.cellCharacters else { return }
        currentLength += string.utf16.count
        if currentLength <= budget.limits.cellCharacters { current += string } else { current = "" }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "si":
            if currentLength > budget.limits.cellCharacters { overlong.insert(strings.count) }
            strings.append(current)
            current = ""
            budget.cells += 1
            if budget.cells > budget.limits.cells { stop(parser, "it holds more than \(WorkbookReader.grouped(budget.limits.cells)) pieces of text, far more than any plan needs, so Waymark does not read it") }
        default: break
        }
    }
}

/// Which cell styles (by index) show numbers as dates, and how: with a day, or month and year only.
final class DateStyles: WorkbookXML {
    enum Shape { case day, monthYear }
    var customFormats: [Int: String] = [:]
    var styles: [Int: Shape] = [:]
    var inCellXfs = false
    var index = 0

    func run(_ data: Data, part: String) throws(WorkbookUnreadable) -> Self {
        try parse(data, sheet: nil, part: part)
        return self
    }

    static func shape(_ format: String) -> Shape? {
        let code = format.lowercased().replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression)
        guard code.contains("y") || (code.contains("m") && code.contains("d")) else { return nil }
        return code.contains("d") ? .day : .monthYear
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if (14...22).contains(id) { styles[index] = id == 17 ? .monthYear : .day } else if let code = customFormats[id], let shape = Self.shape(code) { styles[index] = shape }
            index += 1
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "cellXfs" { inCellXfs = false }
    }
}
