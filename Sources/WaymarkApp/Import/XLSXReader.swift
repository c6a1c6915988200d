import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(CZlib)
import CZlib
#elseif canImport(zlib)
import zlib
#endif
import WaymarkCore

/// Reads the sheets of an .xlsx workbook as rows of text, as a person sees them in the sheet:
/// shared and inline strings, numbers, booleans, and dates written the way their format shows
/// them ("May-18" stays "May-18" rather than becoming 1 May 2018).
///
/// A workbook is read whole or refused: a damaged zip entry, XML cut off or malformed, a missing
/// part, a reference to shared text that is not there, a document type declaration (which could
/// pull in other files or expand without end), or a size far beyond any plan each refuse the file
/// with a message naming the sheet (and row, where known). Nothing is read from a part in part.
/// Before any part is read, the zip's list of parts is checked (`OfficePackage.checkWorkbook`):
/// more than 10,000 parts, parts stating more than 200 MB together, macros, or links to other
/// files or data sources refuse it.
enum XLSXReader {
    struct Sheet: Sendable {
        var name: String
        var rows: [TextRow]
    }

    /// Why a workbook was refused. `sheet` names the sheet when the damage is in one; otherwise
    /// `part` says which other piece of the workbook it is in, in words.
    struct Unreadable: Error, CustomStringConvertible {
        var sheet: String?
        /// Where in the sheet, when known: "row 12, cell D12".
        var place: String?
        var part: String?
        var message: String

        init(sheet: String? = nil, at place: String? = nil, part: String? = nil, _ message: String) {
            self.sheet = sheet
            self.place = place
            self.part = part
            self.message = message
        }

        /// "sheet "Grants", row 12, cell D12", "the shared text (xl/sharedStrings.xml)", or nil for the whole file.
        var subject: String? {
            let whole = sheet.map { "sheet \"\($0)\"" } ?? part
            guard let place else { return whole }
            return whole.map { "\($0), \(place)" } ?? place
        }

        var description: String { subject.map { "\($0): \(message)" } ?? message }
    }

    /// What a workbook may hold before Waymark stops reading it. A plan has a few thousand cells;
    /// these are far above that and far below what would exhaust the server.
    struct Limits: Sendable {
        /// The parts Waymark reads, unpacked, together.
        var unpackedBytes = 200 * 1024 * 1024
        /// Cells (counting the empty ones a row's width implies) across every sheet.
        var cells = 2_000_000
        /// Excel's own row limit.
        var rowsPerSheet = 1_048_576
        /// Characters in one cell, counted as Excel counts them (UTF-16 code units): Excel's own
        /// limit. Waymark's longest text, a commentary, is 10,000.
        var cellCharacters = 32_767
        /// The text of every cell across every sheet, in bytes, counted as each cell is read and
        /// before it is copied, so a shared text shown by many cells counts once for each.
        var cellTextBytes = 200 * 1024 * 1024
        /// Parts (files) in the zip. Excel saves a plan's workbook in a few dozen; the list is
        /// refused before it is read when it says there are more.
        var entries = 10_000

        static let standard = Limits()
    }

    static let damaged = "(the file may be damaged or incompletely copied)"

    static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    static func sheets(_ bytes: [UInt8], limits: Limits = .standard) throws(Unreadable) -> [Sheet] {
        let zip = try ZipContainer(bytes, entryLimit: limits.entries)
        let budget = Budget(limits)
        // Before any part is read: a workbook, within the size it would unpack to, without macros or external links.
        try OfficePackage.checkWorkbook(zip, budget: budget)
        func part(_ path: String, sheet: String? = nil, _ label: String? = nil) throws(Unreadable) -> Data? {
            guard let entry = zip.entries[path] else { return nil }
            do {
                return try zip.read(entry, budget: budget)
            } catch .tooLarge {
                throw tooLarge(limits)
            } catch {
                throw Unreadable(sheet: sheet, part: label.map { "\($0) (\(path))" }, error.message(path: path))
            }
        }
        let workbookLabel = "the list of sheets", relationshipsLabel = "the list of the workbook's parts"
        guard let workbook = try part("xl/workbook.xml", workbookLabel), let relationships = try part("xl/_rels/workbook.xml.rels", relationshipsLabel) else {
            throw Unreadable("this .xlsx has no workbook part; save it again from Excel or LibreOffice as an .xlsx workbook")
        }
        let links = try XMLElements(name: "Relationship", budget: budget).run(relationships, part: "\(relationshipsLabel) (xl/_rels/workbook.xml.rels)").found
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
            throw Unreadable(part: "\(label) (\(path))", "the workbook lists this part but it is missing \(damaged)")
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
        let listed = try XMLElements(name: "sheet", budget: budget).run(workbook, part: "\(workbookLabel) (xl/workbook.xml)").found
        var sheets: [Sheet] = []
        for (index, attributes) in listed.enumerated() {
            guard let name = attributes["name"] else {
                throw Unreadable(part: "\(workbookLabel) (xl/workbook.xml)", "sheet \(index + 1) has no name \(damaged)")
            }
            guard let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value, let path = targets[id] else {
                throw Unreadable(sheet: name, "the workbook lists this sheet but does not say which part holds it \(damaged)")
            }
            guard let xml = try part(path, sheet: name) else {
                throw Unreadable(sheet: name, "the workbook lists this sheet but its part (\(path)) is missing \(damaged)")
            }
            let parser = WorksheetParser(shared: shared, overlong: overlong, dateFormats: dateFormats, budget: budget)
            sheets.append(Sheet(name: name, rows: try parser.run(xml, sheet: name).rows))
        }
        return sheets
    }

    static func tooLarge(_ limits: Limits) -> Unreadable {
        Unreadable("the workbook would unpack to more than \(limits.unpackedBytes / 1024 / 1024) MB, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that")
    }

    /// 2000000 → "2,000,000".
    static func grouped(_ number: Int) -> String {
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

    /// What has been read so far, against the limits, across every part and sheet.
    final class Budget {
        let limits: Limits
        var unpackedBytes = 0
        var cells = 0
        var cellTextBytes = 0

        init(_ limits: Limits) { self.limits = limits }

        var bytesLeft: Int { max(0, limits.unpackedBytes - unpackedBytes) }
    }
}

// MARK: - The zip container

/// The entries of a zip file, read from its central directory, and each entry unpacked whole
/// with its size and checksum checked. Inflating is bounded by the entry's own bytes and its
/// stated size, so a damaged or hostile entry ends in an error, never a hang or an unbounded
/// allocation.
struct ZipContainer {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var size: UInt64
        var headerOffset: UInt64
    }

    enum Damage: Error {
        case cutShort, corrupt, checkFailed, encrypted, unsupported(method: UInt16), tooLarge

        func message(path: String) -> String {
            switch self {
            case .cutShort: return "its data is cut short \(XLSXReader.damaged)"
            case .corrupt: return "its compressed data is damaged and cannot be unpacked \(XLSXReader.damaged)"
            case .checkFailed: return "its contents do not match the zip file's record of them (their size and CRC check), so they are not what was saved \(XLSXReader.damaged)"
            case .encrypted: return "it is encrypted; save the workbook without a password and import that"
            case .unsupported(let method): return "it is compressed in a way Waymark does not read (method \(method)); save the workbook again from Excel or LibreOffice"
            case .tooLarge: return "it is too large"
            }
        }
    }

    let bytes: [UInt8]
    let entries: [String: Entry]

    static let notReadable = XLSXReader.Unreadable("this is not a readable .xlsx workbook: its zip container is damaged or cut short \(XLSXReader.damaged)")

    /// A zip of more than `entryLimit` entries is refused from its end record, before its list is read.
    init(_ bytes: [UInt8], entryLimit: Int) throws(XLSXReader.Unreadable) {
        self.bytes = bytes
        guard let directory = Self.centralDirectory(bytes) else { throw Self.notReadable }
        guard directory.count <= entryLimit else {
            throw XLSXReader.Unreadable("the zip file holds \(XLSXReader.grouped(directory.count)) parts (files inside it), more than the \(XLSXReader.grouped(entryLimit)) "
                + "Waymark reads and far more than any workbook or document needs, so Waymark does not read it")
        }
        var entries: [String: Entry] = [:]
        var offset = directory.offset
        for _ in 0..<directory.count {
            guard bytes.u32(offset) == 0x0201_4B50, let fixed = bytes.slice(offset, 46) else { throw Self.notReadable }
            let nameLength = Int(bytes.u16(fixed + 28)!), extraLength = Int(bytes.u16(fixed + 30)!), commentLength = Int(bytes.u16(fixed + 32)!)
            guard let nameStart = bytes.slice(offset + 46, nameLength + extraLength + commentLength) else { throw Self.notReadable }
            var entry = Entry(name: String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self),
                              flags: bytes.u16(offset + 8)!, method: bytes.u16(offset + 10)!, crc: bytes.u32(offset + 16)!,
                              compressedSize: UInt64(bytes.u32(offset + 20)!), size: UInt64(bytes.u32(offset + 24)!),
                              headerOffset: UInt64(bytes.u32(offset + 42)!))
            // ZIP64: sizes and offsets too large for 32 bits are in an extra field, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, let id = bytes.u16(extra), let size = bytes.u16(extra + 2) {
                if id == 0x0001 {
                    var field = extra + 4
                    for path in [\Entry.size, \Entry.compressedSize, \Entry.headerOffset] where entry[keyPath: path] == 0xFFFF_FFFF {
                        guard field + 8 <= extra + 4 + Int(size), let value = bytes.u64(field) else { throw Self.notReadable }
                        entry[keyPath: path] = value
                        field += 8
                    }
                }
                extra += 4 + Int(size)
            }
            if entries[entry.name] == nil { entries[entry.name] = entry }
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Where the central directory starts and how many entries it lists, from the end record
    /// (or its ZIP64 form); nil when there is none, as when the file is cut short.
    private static func centralDirectory(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        guard bytes.count >= 22 else { return nil }
        var position = bytes.count - 22
        let lowest = max(0, position - 65_535)
        while position >= lowest {
            if bytes.u32(position) == 0x0605_4B50 {
                var count = UInt64(bytes.u16(position + 10)!), size = UInt64(bytes.u32(position + 12)!), offset = UInt64(bytes.u32(position + 16)!)
                if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                    guard position >= 20, bytes.u32(position - 20) == 0x0706_4B50, let record = bytes.u64(position - 12), record < UInt64(bytes.count),
                          bytes.u32(Int(record)) == 0x0606_4B50, let count64 = bytes.u64(Int(record) + 32), let size64 = bytes.u64(Int(record) + 40),
                          let offset64 = bytes.u64(Int(record) + 48) else { return nil }
                    (count, size, offset) = (count64, size64, offset64)
                }
                // Every entry takes at least 46 bytes, inside the file.
                if offset <= UInt64(position), size <= UInt64(position) - offset, count <= size / 46 {
                    return (Int(offset), Int(count))
                }
            }
            position -= 1
        }
        return nil
    }

    /// The entry's contents, unpacked and checked; what it unpacks to is taken from `budget`.
    func read(_ entry: Entry, budget: XLSXReader.Budget) throws(Damage) -> Data {
        if entry.flags & 1 != 0 { throw .encrypted }
        guard entry.size <= UInt64(budget.bytesLeft) else { throw .tooLarge }
        let size = Int(entry.size)
        guard entry.headerOffset < UInt64(bytes.count), bytes.u32(Int(entry.headerOffset)) == 0x0403_4B50,
              let nameLength = bytes.u16(Int(entry.headerOffset) + 26), let extraLength = bytes.u16(Int(entry.headerOffset) + 28) else { throw .corrupt }
        let start = Int(entry.headerOffset) + 30 + Int(nameLength) + Int(extraLength)
        guard entry.compressedSize <= UInt64(Int.max), let start = bytes.slice(start, Int(entry.compressedSize)) else { throw .cutShort }
        let end = start + Int(entry.compressedSize)
        let contents: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw .checkFailed }
            contents = Array(bytes[start..<end])
        case 8:
            contents = try Self.unpack(bytes, start..<end, size: size)
        default:
            throw .unsupported(method: entry.method)
        }
        guard contents.count == size else { throw .checkFailed }
        let crc = contents.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc else { throw .checkFailed }
        budget.unpackedBytes += size
        return Data(contents)
    }

    /// Raw DEFLATE, fed exactly the entry's bytes and allowed at most one byte more than its
    /// stated size (which shows a wrong size without unpacking a bomb).
    private static func unpack(_ bytes: [UInt8], _ range: Range<Int>, size: Int) throws(Damage) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(size, 16 * 1024 * 1024))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let outcome: Damage? = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound)
            stream.avail_in = uInt(range.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > size { return .checkFailed }
                switch result {
                case Z_STREAM_END: return nil
                case Z_OK: continue
                case Z_BUF_ERROR: return stream.avail_in == 0 ? .cutShort : .corrupt
                default: return .corrupt
                }
            }
        }
        if let outcome { throw outcome }
        return output
    }
}

private extension Array where Element == UInt8 {
    /// `offset` when `count` bytes from it are inside the array.
    func slice(_ offset: Int, _ count: Int) -> Int? {
        offset >= 0 && count >= 0 && offset <= self.count && count <= self.count - offset ? offset : nil
    }

    func u16(_ offset: Int) -> UInt16? {
        guard slice(offset, 2) != nil else { return nil }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32? {
        guard slice(offset, 4) != nil else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }

    func u64(_ offset: Int) -> UInt64? {
        guard slice(offset, 8) != nil else { return nil }
        return (0..<8).reduce(0) { $0 | UInt64(self[offset + $1]) << (8 * $1) }
    }
}

// MARK: - XML

/// The base of every part's reader: runs the parser, with no DTD, no entities, and every error
/// (including those the Linux parser reports while still returning true) turned into a refusal.
class CheckedXML: NSObject, XMLParserDelegate {
    let budget: XLSXReader.Budget
    /// The first error the parser reported, where it was, and how far the reading had got then
    /// (the parser may go on past an error, recovering, so later progress means nothing).
    var firstError: (code: Int, line: Int, column: Int, progress: String)?
    /// The parser saw the end of the data before the document ended.
    var endedEarly = false
    /// A reason of our own to stop, such as a bad reference or a limit, and where.
    var refusal: (place: String?, message: String)?

    init(budget: XLSXReader.Budget) { self.budget = budget }

    /// Where the reading has got to, for messages: ", after row 12", say.
    var progress: String { "" }

    /// Parses `data`; throws for the sheet or part named, with where the problem is.
    func parse(_ data: Data, sheet: String?, part: String?) throws(XLSXReader.Unreadable) {
        func refuse(_ message: String, at place: String? = nil) -> XLSXReader.Unreadable { XLSXReader.Unreadable(sheet: sheet, at: place, part: part, message) }
        let bytes = [UInt8](data)
        guard bytes.contains(where: { $0 > 0x20 }) else { throw refuse("the XML is empty \(XLSXReader.damaged)") }
        // XML never holds NUL; a part in UTF-16 or of binary junk does.
        if bytes.contains(0) { throw refuse("this is not XML Waymark can read (it holds NUL bytes) \(XLSXReader.damaged)") }
        // A document type can declare entities that expand without end or read other files; no workbook has one.
        if Self.declaresDocumentType(bytes) {
            throw refuse("the XML declares a document type (<!DOCTYPE or <!ENTITY), which no workbook saved by Excel or LibreOffice has, so Waymark does not read it")
        }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = self
        let finished = parser.parse()
        if let refusal { throw refuse(refusal.message, at: refusal.place) }
        guard finished, parser.parserError == nil, firstError == nil else {
            let error = firstError ?? ((parser.parserError as NSError?)?.code ?? 0, parser.lineNumber, parser.columnNumber, progress)
            if endedEarly || error.code == XMLParser.ErrorCode.prematureDocumentEndError.rawValue || Self.isAtEnd(bytes, line: error.line, column: error.column) {
                throw refuse("the XML is cut off at line \(error.line)\(error.progress) \(XLSXReader.damaged)")
            }
            throw refuse("the XML is damaged at line \(error.line), column \(error.column)\(error.progress) \(XLSXReader.damaged)")
        }
    }

    static func declaresDocumentType(_ bytes: [UInt8]) -> Bool {
        let doctype = Array("<!DOCTYPE".utf8), entity = Array("<!ENTITY".utf8)
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if found + 1 < bytes.count, bytes[found + 1] == UInt8(ascii: "!") {
                for word in [doctype, entity] where found + word.count <= bytes.count
                    && zip(bytes[found..<found + word.count], word).allSatisfy({ $0 & 0xDF == $1 & 0xDF }) {
                    return true
                }
            }
            index = found + 1
        }
        return false
    }

    /// Whether an error at this line and column is at the very end of the data, as when it stops part-way.
    static func isAtEnd(_ bytes: [UInt8], line: Int, column: Int) -> Bool {
        var trimmed = bytes[...]
        while let last = trimmed.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        let lines = trimmed.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lastLineLength = trimmed.count - ((trimmed.lastIndex(of: 0x0A) ?? -1) + 1)
        return line >= lines && column >= lastLineLength
    }

    func stop(_ parser: XMLParser, _ reason: String, at place: String? = nil) {
        if refusal == nil { refusal = (place, reason) }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        let code = (parseError as NSError).code
        if code == XMLParser.ErrorCode.prematureDocumentEndError.rawValue { endedEarly = true }
        if firstError == nil, refusal == nil { firstError = (code, parser.lineNumber, parser.columnNumber, progress) }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        stop(parser, "the XML refers to another file (\(systemID ?? name)), which no workbook does, so Waymark does not read it")
        return nil
    }

    // Overridden by each part's reader. They are declared here so that a subclass's versions are
    // the ones called through the protocol.
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
}

/// Collects the attributes of every element with a given name.
private final class XMLElements: CheckedXML {
    let name: String
    var found: [[String: String]] = []

    init(name: String, budget: XLSXReader.Budget) {
        self.name = name
        super.init(budget: budget)
    }

    func run(_ data: Data, part: String) throws(XLSXReader.Unreadable) -> Self {
        try parse(data, sheet: nil, part: part)
        return self
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard elementName == name else { return }
        found.append(attributes)
        budget.cells += 1
        if budget.cells > budget.limits.cells { stop(parser, "it lists more than \(XLSXReader.grouped(budget.limits.cells)) items, far more than any workbook has") }
    }
}

/// The workbook's shared text: every cell of type "s" holds an index into it.
///
/// An entry longer than a cell may hold is kept empty, its number in `overlong`, and is not
/// collected past the limit; the sheet refuses the first cell that shows it, naming the cell.
private final class SharedStrings: CheckedXML {
    var strings: [String] = []
    var overlong: Set<Int> = []
    var current = ""
    /// The current entry's length so far, in UTF-16 code units, as Excel counts.
    var currentLength = 0
    var inText = false
    /// Inside phonetic guides (furigana), whose text is not the cell's.
    var inPhonetic = false

    func run(_ data: Data, part: String) throws(XLSXReader.Unreadable) -> Self {
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
            if budget.cells > budget.limits.cells { stop(parser, "it holds more than \(XLSXReader.grouped(budget.limits.cells)) pieces of text, far more than any plan needs, so Waymark does not read it") }
        default: break
        }
    }
}

/// Which cell styles (by index) show numbers as dates, and how: with a day, or month and year only.
private final class DateStyles: CheckedXML {
    enum Shape { case day, monthYear }
    var customFormats: [Int: String] = [:]
    var styles: [Int: Shape] = [:]
    var inCellXfs = false
    var index = 0

    func run(_ data: Data, part: String) throws(XLSXReader.Unreadable) -> Self {
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

/// One worksheet's cells, placed by their references so skipped empty cells keep columns aligned.
private final class WorksheetParser: CheckedXML {
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

    init(shared: [String], overlong: Set<Int>, dateFormats: [Int: DateStyles.Shape], budget: XLSXReader.Budget) {
        self.shared = shared
        self.overlong = overlong
        self.dateFormats = dateFormats
        super.init(budget: budget)
    }

    func run(_ data: Data, sheet: String) throws(XLSXReader.Unreadable) -> Self {
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
        "by row \(rowNumber) the workbook holds more than \(XLSXReader.grouped(budget.limits.cells)) cells, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that"
    }

    private func tooLong(_ shared: Int? = nil) -> String {
        "the cell holds more than \(XLSXReader.grouped(budget.limits.cellCharacters)) characters\(shared.map { " (shared text number \($0))" } ?? ""), more than Excel allows; "
            + "no plan's text is near that long (a commentary may have \(XLSXReader.grouped(TextLimit.text.maximum))), so Waymark does not read the workbook; shorten the cell's text and import it again"
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
                    return stop(parser, "\"\(reference)\" is not a cell Excel can have (its last column is XFD) \(XLSXReader.damaged)", at: place)
                }
                cellColumn = column
            } else {
                // A cell without a reference is the next in the row; past column XFD, the row is wider than Excel allows.
                guard cells.count < Self.columnLimit else {
                    return stop(parser, "the row has more than \(XLSXReader.grouped(Self.columnLimit)) cells, more than Excel allows (its last column is XFD) \(XLSXReader.damaged)",
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
                    return stop(parser, "the cell refers to shared text number \(index), but \(held) \(XLSXReader.damaged)", at: place)
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
                return stop(parser, "the sheet has more than \(XLSXReader.grouped(budget.limits.rowsPerSheet)) rows, more than Excel allows \(XLSXReader.damaged)")
            }
        default: break
        }
    }
}
