import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WaymarkCore
import ZIPFoundation

/// Reads the sheets of an .xlsx workbook as rows of text, as a person sees them in the sheet:
/// shared and inline strings, numbers, booleans, and dates written the way their format shows
/// them ("May-18" stays "May-18" rather than becoming 1 May 2018).
enum XLSXReader {
    struct Sheet: Sendable {
        var name: String
        var rows: [TextRow]
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    static func sheets(_ bytes: [UInt8]) throws -> [Sheet] {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw Unreadable(description: "this is not a readable .xlsx workbook (the zip container is damaged)")
        }
        func file(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return data
        }
        guard let workbook = try file("xl/workbook.xml"), let relationships = try file("xl/_rels/workbook.xml.rels") else {
            throw Unreadable(description: "this .xlsx has no workbook part; save it again from Excel or LibreOffice as an .xlsx workbook")
        }
        let shared = try file("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let dateFormats = try file("xl/styles.xml").map(DateStyles.parse) ?? [:]
        let targets = Dictionary(XMLElements.all(relationships, named: "Relationship").compactMap { attributes -> (String, String)? in
            guard let id = attributes["Id"], let target = attributes["Target"] else { return nil }
            return (id, target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
        }, uniquingKeysWith: { first, _ in first })
        return try XMLElements.all(workbook, named: "sheet").compactMap { attributes in
            guard let name = attributes["name"], let id = attributes["r:id"], let path = targets[id], let xml = try file(path) else { return nil }
            return Sheet(name: name, rows: WorksheetParser.rows(xml, shared: shared, dateFormats: dateFormats))
        }
    }
}

/// Collects the attributes of every element with a given name.
private final class XMLElements: NSObject, XMLParserDelegate {
    let name: String
    var found: [[String: String]] = []

    init(name: String) { self.name = name }

    static func all(_ data: Data, named name: String) -> [[String: String]] {
        let collector = XMLElements(name: name)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == name { found.append(attributes) }
    }
}

private final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let collector = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "si" { current = "" }
        if elementName == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "t" { inText = false }
        if elementName == "si" { strings.append(current) }
    }
}

/// Which cell styles (by index) show numbers as dates, and how: with a day, or month and year only.
private final class DateStyles: NSObject, XMLParserDelegate {
    enum Shape { case day, monthYear }
    var customFormats: [Int: String] = [:]
    var styles: [Int: Shape] = [:]
    var inCellXfs = false
    var index = 0

    static func parse(_ data: Data) -> [Int: Shape] {
        let collector = DateStyles()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.styles
    }

    static func shape(_ format: String) -> Shape? {
        let code = format.lowercased().replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression)
        guard code.contains("y") || (code.contains("m") && code.contains("d")) else { return nil }
        return code.contains("d") ? .day : .monthYear
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
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

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "cellXfs" { inCellXfs = false }
    }
}

/// One worksheet's cells, placed by their references so skipped empty cells keep columns aligned.
private final class WorksheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateFormats: [Int: DateStyles.Shape]
    var rows: [TextRow] = []
    var cells: [String] = []
    var rowNumber = 0
    var cellColumn = 0
    var cellType = ""
    var cellStyle: Int?
    var text = ""
    var collecting = false

    init(shared: [String], dateFormats: [Int: DateStyles.Shape]) {
        self.shared = shared
        self.dateFormats = dateFormats
    }

    static func rows(_ data: Data, shared: [String], dateFormats: [Int: DateStyles.Shape]) -> [TextRow] {
        let collector = WorksheetParser(shared: shared, dateFormats: dateFormats)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.rows
    }

    static func clean(_ value: String) -> String {
        DelimitedText.collapseSpaces(value).trimmingCharacters(in: .whitespacesAndNewlines)
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

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch elementName {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].flatMap(Self.column) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init)
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t": collecting = false
        case "c":
            var value: String
            switch cellType {
            case "s": value = Int(text).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
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
            guard cellColumn < Self.columnLimit else { return }
            while cells.count < cellColumn { cells.append("") }
            if cells.count == cellColumn { cells.append(Self.clean(value)) } else if cellColumn < cells.count { cells[cellColumn] = Self.clean(value) }
        case "row":
            rows.append(TextRow(line: rowNumber, cells: cells))
        default: break
        }
    }
}
