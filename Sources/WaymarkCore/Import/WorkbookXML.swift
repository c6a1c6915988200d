import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The base of every part's reader: runs the parser, with no DTD, no entities, and every error
/// (including those the Linux parser reports while still returning true) turned into a refusal.
/// Open so the app's package checks read their parts with the same guards.
open class WorkbookXML: NSObject, XMLParserDelegate {
    public let budget: WorkbookBudget
    /// The first error the parser reported, where it was, and how far the reading had got then
    /// (the parser may go on past an error, recovering, so later progress means nothing).
    var firstError: (code: Int, line: Int, column: Int, progress: String)?
    /// The parser saw the end of the data before the document ended.
    var endedEarly = false
    /// A reason of our own to stop, such as a bad reference or a limit, and where.
    var refusal: (place: String?, message: String)?

    public init(budget: WorkbookBudget) { self.budget = budget }

    /// Where the reading has got to, for messages: ", after row 12", say.
    open var progress: String { "" }

    /// Parses `data`; throws for the sheet or part named, with where the problem is.
    public func parse(_ data: Data, sheet: String?, part: String?) throws(WorkbookUnreadable) {
        func refuse(_ message: String, at place: String? = nil) -> WorkbookUnreadable { WorkbookUnreadable(sheet: sheet, at: place, part: part, message) }
        let bytes = [UInt8](data)
        guard bytes.contains(where: { $0 > 0x20 }) else { throw refuse("the XML is empty \(WorkbookReader.damaged)") }
        // XML never holds NUL; a part in UTF-16 or of binary junk does.
        if bytes.contains(0) { throw refuse("this is not XML Waymark can read (it holds NUL bytes) \(WorkbookReader.damaged)") }
        // libxml2 passes bytes that are not UTF-8 into element, attribute and comment names, and
        // Foundation's XMLParser then stops the whole process (it force-unwraps them as UTF-8), so
        // one uploaded part could end the server. A package's XML is UTF-8 or UTF-16 (ECMA-376),
        // and UTF-16 was refused above for its NULs.
        if let line = Self.firstLineNotUTF8(bytes) {
            throw refuse("this is not XML Waymark can read (from line \(line) it is not UTF-8 text) \(WorkbookReader.damaged)")
        }
        // A document type can declare entities that expand without end or read other files; no workbook has one.
        if Self.declaresDocumentType(bytes) {
            throw refuse("the XML declares a document type (<!DOCTYPE or <!ENTITY), which no workbook saved by Excel or LibreOffice has, so Waymark does not read it")
        }
        // libxml2 reports "<?name?>" with no data at all, and Foundation's XMLParser then reads
        // the missing data from a null pointer, ending the process.
        if Self.holdsEmptyProcessingInstruction(bytes) {
            throw refuse("the XML holds a processing instruction with nothing in it (<?…?>), which no workbook saved by Excel or LibreOffice has, so Waymark does not read it")
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
                throw refuse("the XML is cut off at line \(error.line)\(error.progress) \(WorkbookReader.damaged)")
            }
            throw refuse("the XML is damaged at line \(error.line), column \(error.column)\(error.progress) \(WorkbookReader.damaged)")
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

    /// Whether "<?" is followed by a name and at once by "?>". The name is taken to run to a space
    /// or "?", more than libxml2's names do, so every such instruction libxml2 sees is found.
    static func holdsEmptyProcessingInstruction(_ bytes: [UInt8]) -> Bool {
        let question = UInt8(ascii: "?"), ends: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "?")]
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = found + 1
            guard index < bytes.count, bytes[index] == question else { continue }
            var end = index + 1
            while end < bytes.count, !ends.contains(bytes[end]) { end += 1 }
            if end > index + 1, end + 1 < bytes.count, bytes[end] == question, bytes[end + 1] == UInt8(ascii: ">") { return true }
        }
        return false
    }

    /// The line of the first byte that is not part of UTF-8 text; nil when all of it is.
    static func firstLineNotUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator(), decoder = UTF8(), offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
        }
    }

    /// Whether an error at this line and column is at the very end of the data, as when it stops part-way.
    static func isAtEnd(_ bytes: [UInt8], line: Int, column: Int) -> Bool {
        var trimmed = bytes[...]
        while let last = trimmed.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        let lines = trimmed.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lastLineLength = trimmed.count - ((trimmed.lastIndex(of: 0x0A) ?? -1) + 1)
        return line >= lines && column >= lastLineLength
    }

    public func stop(_ parser: XMLParser, _ reason: String, at place: String? = nil) {
        if refusal == nil { refusal = (place, reason) }
        parser.abortParsing()
    }

    public func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        let code = (parseError as NSError).code
        if code == XMLParser.ErrorCode.prematureDocumentEndError.rawValue { endedEarly = true }
        if firstError == nil, refusal == nil { firstError = (code, parser.lineNumber, parser.columnNumber, progress) }
    }

    public func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    public func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    public func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
        stop(parser, "the XML declares an entity (\(name)), which no workbook has, so Waymark does not read it")
    }

    public func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        stop(parser, "the XML refers to another file (\(systemID ?? name)), which no workbook does, so Waymark does not read it")
        return nil
    }

    // Overridden by each part's reader. They are declared here so that a subclass's versions are
    // the ones called through the protocol.
    open func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {}
    open func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {}
    open func parser(_ parser: XMLParser, foundCharacters string: String) {}
}

/// Collects the attributes of every element with a given name.
final class WorkbookElements: WorkbookXML {
    let name: String
    var found: [[String: String]] = []

    init(name: String, budget: WorkbookBudget) {
        self.name = name
        super.init(budget: budget)
    }

    func run(_ data: Data, part: String) throws(WorkbookUnreadable) -> Self {
        try parse(data, sheet: nil, part: part)
        return self
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard elementName == name else { return }
        found.append(attributes)
        budget.cells += 1
        if budget.cells > budget.limits.cells { stop(parser, "it lists more than \(WorkbookReader.grouped(budget.limits.cells)) items, far more than any workbook has") }
    }
}
