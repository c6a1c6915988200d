import Foundation
import WaymarkCore

/// Turns an uploaded or named file into a plan document, whatever its kind: the delivery-plan
/// text, CSV or TSV, or an .xlsx workbook (one sheet, or every sheet laid out as a plan table,
/// as Waymark's own delivery-plan export is).
///
/// The kind is told from the file's first bytes, not its name: a zip is read as a workbook
/// (whatever it is called, so a workbook saved as "plan.csv" is read as the workbook it is), an
/// OLE2 file is an older or password-protected Excel file and is refused, a program, picture,
/// PDF or archive is refused saying what it is, and anything else must be text. The one
/// disagreement refused is text called .xlsx or .xlsm: read as text it would only report that
/// no milestones were found, when the person meant to send a workbook. The name is used in
/// messages only, never as a path.
enum PlanFileLoader {
    struct Loaded: Sendable {
        var document: PlanDocument
        /// For the person importing: "sheets Elections, Grants of plan.xlsx", say.
        var source: String
    }

    /// A file that could not be read at all; `ImportFailure` is thrown for problems with its rows.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// The words for a file with nothing in it, on the import page and from `waymark import`.
    static let emptyFile = "The selected file is empty"

    /// The largest plan file read, in bytes: the import page's form is limited to about this
    /// (40 MB with the form's other fields), and `waymark import` is held to it too. A plan's
    /// workbook is a few hundred kilobytes; its text, less.
    static let maxBytes = 40 * 1024 * 1024

    /// The kinds a plan file may be, for messages.
    static let accepted = "a delivery plan as text, CSV or TSV, or an Excel workbook (.xlsx)"

    static func notAWorkbook(_ fileName: String) -> String {
        "\(fileName) is not an Excel workbook (.xlsx): it could not be opened as one"
    }

    /// Statuses written in the file are read in `scheme`, the plan's.
    static func load(_ bytes: [UInt8], fileName: String, sheet: String? = nil, today: CalendarDate, scheme: StatusScheme = .standard) throws -> Loaded {
        switch try table(bytes, fileName: fileName, sheet: sheet, kind: .plan, isHeader: PlanFileReader.isPlanHeader) {
        case .text:
            return Loaded(document: try PlanFileReader.read(bytes, today: today, scheme: scheme).document, source: fileName)
        case .sheets(let rows, let placed, let source):
            var document: PlanDocument
            do {
                document = try PlanFileReader.read(tableRows: rows, today: today, scheme: scheme)
            } catch {
                throw ImportFailure(problems: error.problems.map { placed($0) })
            }
            document.warnings = document.warnings.map { placed($0) }
            return Loaded(document: document, source: source)
        }
    }

    /// What a file is for, in the words of its messages.
    struct Kind: Sendable {
        /// "a plan file"
        var noun: String
        /// "a delivery plan as text, CSV or TSV, or an Excel workbook (.xlsx)"
        var accepted: String
        /// "the milestone and deadline columns"
        var headerNeeds: String
        /// "plan", as in "far larger than any plan"
        var short: String

        static let plan = Kind(noun: "a plan file", accepted: PlanFileLoader.accepted, headerNeeds: "the milestone and deadline columns", short: "plan")
    }

    /// A file's rows, or word that it is text for the caller to read its own way.
    enum Table {
        case text
        /// Every row of the chosen sheets, with the header once; `placed` turns a problem's line
        /// into the sheet and row it came from.
        case sheets(rows: [TextRow], placed: @Sendable (ImportProblem) -> ImportProblem, source: String)
    }

    /// Checks a file's kind from its bytes and reads a workbook's sheets: the one named, or the
    /// first whose header `isHeader` accepts and every later one with the same headings.
    static func table(_ bytes: [UInt8], fileName: String, sheet: String?, kind what: Kind, isHeader: ([String]) -> Bool) throws -> Table {
        guard !bytes.isEmpty else { throw Unreadable(description: emptyFile) }
        guard bytes.count <= maxBytes else {
            throw Unreadable(description: "\(fileName) is larger than \(maxBytes / 1024 / 1024) MB, far larger than any \(what.short), so Waymark does not read it; "
                + "save it as a smaller workbook, or as CSV, and import that")
        }
        let named = fileName.lowercased()
        let kind = FileKind.of(bytes)
        func never(_ description: String) -> Unreadable {
            Unreadable(description: "\(fileName) is \(description), not \(what.noun); Waymark imports \(what.accepted)")
        }
        switch kind {
        case .ole2:
            // An OLE container, whatever it is called: a workbook protected with a password (Excel
            // wraps the .xlsx in one, encrypted), or an older binary Excel file.
            if isEncryptedWorkbook(bytes) {
                throw Unreadable(description: "\(fileName) is protected with a password: open it in Excel, save a copy without the password, and import that")
            }
            throw Unreadable(description: "\(fileName) is an older Excel file (.xls): save it as an Excel workbook (.xlsx) and import that")
        case .pdf: throw never("a PDF document")
        case .png: throw never("a picture (PNG)")
        case .jpeg: throw never("a picture (JPEG)")
        case .refused(let description): throw never(description)
        case .zip, .unknown: break
        }
        guard kind == .zip else {
            // Read as text, a file called .xlsx that is not one would only report that nothing was found.
            if named.hasSuffix(".xlsx") || named.hasSuffix(".xlsm") { throw Unreadable(description: notAWorkbook(fileName)) }
            if sheet != nil { throw Unreadable(description: "--sheet: \(fileName) is not a spreadsheet workbook, so it has no sheets") }
            // A file with NUL bytes (and no UTF-16 byte-order mark) is a program, a picture or damage.
            do { _ = try DelimitedText.decode(bytes) } catch {
                throw Unreadable(description: "\(fileName) is not a text file: \(error.reason)")
            }
            return .text
        }
        // Read whole or refused: damage anywhere in the workbook refuses it, naming the sheet.
        let sheets: [XLSXReader.Sheet]
        do {
            try OfficePackage.requireWorkbook(bytes)
            sheets = try XLSXReader.sheets(bytes)
        } catch {
            throw Unreadable(description: "\(fileName)\(error.subject.map { ", \($0)" } ?? ""): \(error.message)")
        }
        let chosen: [XLSXReader.Sheet]
        if let sheet {
            guard let named = sheets.first(where: { $0.name.caseInsensitiveCompare(sheet) == .orderedSame }) else {
                throw Unreadable(description: "\(fileName) has no sheet called \"\(sheet)\"; its sheets are " + sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))
            }
            chosen = [named]
        } else {
            guard let first = sheets.first(where: { isHeader(header($0)) }) else {
                throw Unreadable(description: "\(fileName): no sheet has a header row naming at least \(what.headerNeeds); "
                    + "the sheets are " + sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))
            }
            let headings = header(first)
            chosen = sheets.filter { header($0) == headings }
        }
        // One run of rows with a header once; each row remembers its sheet and row for messages.
        var rows: [TextRow] = []
        var origin: [Int: (sheet: String, row: Int)] = [:]
        for (index, sheet) in chosen.enumerated() {
            let body = index == 0 ? sheet.rows : Array(sheet.rows.drop { $0.isBlank }.dropFirst())
            for row in body {
                let line = rows.count + 1
                origin[line] = (sheet.name, row.line)
                rows.append(TextRow(line: line, cells: row.cells))
            }
        }
        let places = origin
        let names = chosen.map(\.name)
        return .sheets(rows: rows, placed: { problem in
            guard let at = places[problem.line] else { return problem }
            return ImportProblem(line: at.row, field: problem.field, message: problem.message, sheet: at.sheet)
        }, source: "\(names.count == 1 ? "sheet" : "sheets") \(names.listed) of \(fileName)")
    }

    /// A file of a kind that is never a plan, told by its content: "plan.csv is a PDF document, …".
    static func notAPlan(_ fileName: String, _ what: String) -> Unreadable {
        Unreadable(description: "\(fileName) is \(what), not a plan file; Waymark imports \(accepted)")
    }

    /// Excel keeps a password-protected workbook in an OLE container with an "EncryptedPackage" stream.
    static func isEncryptedWorkbook(_ bytes: [UInt8]) -> Bool {
        let name = Array("EncryptedPackage".utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] })
        guard bytes.count >= name.count else { return false }
        for start in 0...(bytes.count - name.count) where bytes[start] == name[0] && bytes[start..<start + name.count].elementsEqual(name) {
            return true
        }
        return false
    }

    private static func header(_ sheet: XLSXReader.Sheet) -> [String] {
        sheet.rows.first { !$0.isBlank }?.cells ?? []
    }
}
