import Foundation

/// One sheet of a workbook, as rows of text.
public struct WorkbookSheet: Sendable {
    public var name: String
    public var rows: [TextRow]

    public init(name: String, rows: [TextRow]) {
        self.name = name
        self.rows = rows
    }
}

/// Reads the sheets of an .xlsx workbook as rows of text, as a person sees them in the sheet:
/// shared and inline strings, numbers, booleans, and dates written the way their format shows
/// them ("May-18" stays "May-18" rather than becoming 1 May 2018).
///
/// A workbook is read whole or refused: a damaged zip entry, XML cut off or malformed, a missing
/// part, a reference to shared text that is not there, a document type declaration (which could
/// pull in other files or expand without end), or a size far beyond any plan each refuse the file
/// with a message naming the sheet (and row, where known). Nothing is read from a part in part.
///
/// It is pure (bytes in, sheets out) so it can be fuzzed; the unpacking (`inflate`) and the
/// checks of the package's list of parts made before any part is read (`checkPackage`; the app's
/// refuses macros and external links) are given by the caller.
public enum WorkbookReader {
    public static let damaged = "(the file may be damaged or incompletely copied)"

    public static func sheets(_ bytes: [UInt8], limits: WorkbookLimits = .standard, inflate: WorkbookInflate,
                              checkPackage: (WorkbookZip, WorkbookBudget) throws(WorkbookUnreadable) -> Void = { _, _ in }) throws(WorkbookUnreadable) -> [WorkbookSheet] {
        let zip = try WorkbookZip(bytes, entryLimit: limits.entries)
        let budget = WorkbookBudget(limits)
        try checkPackage(zip, budget)
        func part(_ path: String, sheet: String? = nil, _ label: String? = nil) throws(WorkbookUnreadable) -> Data? {
            guard let entry = zip.entries[path] else { return nil }
            do {
                return try zip.read(entry, budget: budget, inflate: inflate)
            } catch .tooLarge {
                throw tooLarge(limits)
            } catch {
                throw WorkbookUnreadable(sheet: sheet, part: label.map { "\($0) (\(path))" }, error.message(path: path))
            }
        }
        let workbookLabel = "the list of sheets", relationshipsLabel = "the list of the workbook's parts"
        guard let workbook = try part("xl/workbook.xml", workbookLabel), let relationships = try part("xl/_rels/workbook.xml.rels", relationshipsLabel) else {
            throw WorkbookUnreadable("this .xlsx has no workbook part; save it again from Excel or LibreOffice as an .xlsx workbook")
        }
        let links = try WorkbookElements(name: "Relationship", budget: budget).run(relationships, part: "\(relationshipsLabel) (xl/_rels/workbook.xml.rels)").found
        var targets: [String: String] = [:]
        var typed: [String: String] = [:]
        for attributes in links where attributes["TargetMode"] != "External" {
            guard let id = attributes["Id"], let target = attributes["Target"], targets[id] == nil else { continue }
            targets[id] = resolve(target)
            if let type = attributes["Type"]?.split(separator: "/").last, typed[String(type)] == nil { typed[String(type)] = resolve(target) }
        }
        // Where Excel and LibreOffice put them, unless the workbook's list of parts says otherwise.
        let sharedPath = typed["sharedStrings"] ?? "xl/sharedStrings.xml", stylesPath = typed["styles"] ?? "xl/styles.xml"
        let sharedLabel = "the shared text", stylesLabel = "the styles"
        for (type, path, label) in [("sharedStrings", sharedPath, sharedLabel), ("styles", stylesPath, stylesLabel)] where typed[type] != nil && zip.entries[path] == nil {
            throw WorkbookUnreadable(part: "\(label) (\(path))", "the workbook lists this part but it is missing \(damaged)")
        }
        var shared: [String] = [], overlong: Set<Int> = []
        if let data = try part(sharedPath, sharedLabel) {
            let read = try SharedStrings(budget: budget).run(data, part: "\(sharedLabel) (\(sharedPath))")
            (shared, overlong) = (read.strings, read.overlong)
        }
        var dateFormats: [Int: DateStyles.Shape] = [:]
        if let data = try part(stylesPath, stylesLabel) {
            dateFormats = try DateStyles(budget: budget).run(data, part: "\(stylesLabel) (\(stylesPath))").styles
        }
        let listed = try WorkbookElements(name: "sheet", budget: budget).run(workbook, part: "\(workbookLabel) (xl/workbook.xml)").found
        var sheets: [WorkbookSheet] = []
        for (index, attributes) in listed.enumerated() {
            guard let name = attributes["name"] else {
                throw WorkbookUnreadable(part: "\(workbookLabel) (xl/workbook.xml)", "sheet \(index + 1) has no name \(damaged)")
            }
            guard let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value, let path = targets[id] else {
                throw WorkbookUnreadable(sheet: name, "the workbook lists this sheet but does not say which part holds it \(damaged)")
            }
            guard let xml = try part(path, sheet: name) else {
                throw WorkbookUnreadable(sheet: name, "the workbook lists this sheet but its part (\(path)) is missing \(damaged)")
            }
            let parser = WorksheetParser(shared: shared, overlong: overlong, dateFormats: dateFormats, budget: budget)
            sheets.append(WorkbookSheet(name: name, rows: try parser.run(xml, sheet: name).rows))
        }
        return sheets
    }

    public static func tooLarge(_ limits: WorkbookLimits) -> WorkbookUnreadable {
        WorkbookUnreadable("the workbook would unpack to more than \(limits.unpackedBytes / 1024 / 1024) MB, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that")
    }

    /// 2000000 → "2,000,000".
    public static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return String(digits.enumerated().flatMap { index, digit in (index > 0 && (digits.count - index) % 3 == 0 ? [","] : []) + [digit] })
    }

    /// A relationship's target, from the workbook's folder: "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml".
    static func resolve(_ target: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return parts.joined(separator: "/")
    }
}
