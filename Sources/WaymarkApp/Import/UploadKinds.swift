import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What an uploaded file is, told from its first bytes (its "magic"), never from its name: a
/// name is only what the sender chose to call it.
enum FileKind: Equatable, Sendable {
    /// `PK\x03\x04`: a zip container, which is what an .xlsx, .docx, .pptx or OpenDocument file is.
    case zip
    /// `D0 CF 11 E0 A1 B1 1A E1`: an OLE2 compound file, which is an older Office file (.xls,
    /// .doc, .ppt) or an Office document protected with a password.
    case ole2
    /// `%PDF-`.
    case pdf
    /// `89 50 4E 47 0D 0A 1A 0A`.
    case png
    /// `FF D8 FF`.
    case jpeg
    /// Another kind known by its magic that Waymark never accepts: a program, a script, an
    /// archive, a picture or media of another kind. The words say what it is.
    case refused(String)
    /// Nothing known: perhaps text, which the caller checks.
    case unknown

    static func of(_ bytes: [UInt8]) -> FileKind {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && bytes[offset..<offset + magic.count].elementsEqual(magic)
        }
        func starts(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }
        // Some magic is short or plain letters, which text could begin with too; the binary kinds
        // also have NUL bytes in their header, which no text file without a byte-order mark has.
        func binary(_ header: Int) -> Bool { bytes.prefix(header).contains(0) }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole2 }
        if starts("%PDF-") { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        // Programs and scripts.
        if starts("MZ") && binary(64) { return .refused("a Windows program (.exe or .dll)") }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return .refused("a Linux program") }
        if starts([0xCF, 0xFA, 0xED, 0xFE]) || starts([0xCE, 0xFA, 0xED, 0xFE]) || starts([0xFE, 0xED, 0xFA, 0xCF]) || starts([0xFE, 0xED, 0xFA, 0xCE])
            || starts([0xCA, 0xFE, 0xBA, 0xBE]) { return .refused("a Mac program") }
        if starts("#!") { return .refused("a script (a program in text)") }
        if starts([0x00, 0x61, 0x73, 0x6D]) { return .refused("a WebAssembly program") }
        // Archives and other containers.
        if starts([0x1F, 0x8B]) { return .refused("a compressed file (gzip)") }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .refused("a compressed archive (7-Zip)") }
        if starts("Rar!") { return .refused("a compressed archive (RAR)") }
        if starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) { return .refused("an empty or split zip archive") }
        if starts([0x42, 0x5A, 0x68]) { return .refused("a compressed file (bzip2)") }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .refused("a compressed file (xz)") }
        if starts("ustar", at: 257) && binary(512) { return .refused("an archive (tar)") }
        // Pictures, sound and video Waymark does not take.
        if starts("GIF87a") || starts("GIF89a") { return .refused("a GIF picture") }
        if starts("RIFF") && starts("WEBP", at: 8) { return .refused("a WebP picture") }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .refused("a TIFF picture") }
        if starts("BM") && bytes.count > 14 && starts([0, 0], at: 6) { return .refused("a bitmap picture (BMP)") }
        if starts("ftyp", at: 4) && binary(4) { return .refused("a video, sound or HEIC picture file") }
        if (starts("ID3") && binary(10)) || starts([0xFF, 0xFB]) { return .refused("a sound file (MP3)") }
        if starts("{\\rtf") { return .refused("a Rich Text Format document (.rtf)") }
        return .unknown
    }
}

/// The kind of document inside a zip container, from the parts it names (not the file's name).
enum ZipDocument: Equatable, Sendable {
    /// An Office Open XML package (it has `[Content_Types].xml`) whose main part is
    /// `xl/workbook.xml`, `word/document.xml` or `ppt/presentation.xml`.
    case workbook, wordDocument, presentation
    /// `xl/workbook.bin`: Excel's binary workbook (.xlsb).
    case binaryWorkbook
    /// An OpenDocument file (.ods, .odt, .odp), with its `mimetype` part.
    case openDocument
    /// Any other zip.
    case other

    /// Without `requiringContentTypes`, a zip with `xl/workbook.xml` but no `[Content_Types].xml`
    /// (which Excel would not open, but which holds what Waymark reads) counts as a workbook.
    static func of(_ zip: ZipContainer, requiringContentTypes: Bool = true) -> ZipDocument {
        let names = Set(zip.entries.keys)
        if names.contains("mimetype") && names.contains("content.xml") { return .openDocument }
        guard names.contains("[Content_Types].xml") || !requiringContentTypes else { return .other }
        if names.contains("xl/workbook.xml") { return .workbook }
        if names.contains("xl/workbook.bin") { return .binaryWorkbook }
        if names.contains("word/document.xml") { return .wordDocument }
        if names.contains("ppt/presentation.xml") { return .presentation }
        return .other
    }

    /// "a Word document (.docx)", for messages.
    var described: String {
        switch self {
        case .workbook: return "an Excel workbook (.xlsx)"
        case .wordDocument: return "a Word document (.docx)"
        case .presentation: return "a PowerPoint presentation (.pptx)"
        case .binaryWorkbook: return "an Excel binary workbook (.xlsb)"
        case .openDocument: return "an OpenDocument file (.ods, .odt or .odp)"
        case .other: return "a zip archive"
        }
    }
}

/// The checks of an Office Open XML package's list of parts made before any of its content is
/// read: what it would unpack to, whether it holds macros, and whether it links to other files.
enum OfficePackage {
    /// What the content types, the parts' names and their relationships say about macros and
    /// links, read with the package's own budget (so a hostile part cannot be large either).
    struct Contents {
        /// The first part that holds or declares macros (VBA or Excel 4.0 macro sheets).
        var macros: String?
        /// The first part that is, or declares, a link to another file or data source: a link to
        /// another workbook, a data connection, or any relationship with `TargetMode="External"`
        /// other than a cell's hyperlink.
        var externalLink: String?
    }

    /// The parts' stated sizes, together, against the budget: a zip bomb is refused here, before
    /// any part is unpacked. A part that unpacks to more than it states fails its own check.
    static func statedSize(_ zip: ZipContainer) -> UInt64 {
        zip.entries.values.reduce(UInt64(0)) { total, entry in
            let (sum, overflow) = total.addingReportingOverflow(entry.size)
            return overflow ? .max : sum
        }
    }

    static func contents(_ zip: ZipContainer, budget: XLSXReader.Budget) throws(XLSXReader.Unreadable) -> Contents {
        var found = Contents()
        func part(_ path: String) throws(XLSXReader.Unreadable) -> Data? {
            guard let entry = zip.entries[path] else { return nil }
            do {
                return try zip.read(entry, budget: budget)
            } catch .tooLarge {
                throw XLSXReader.tooLarge(budget.limits)
            } catch {
                throw XLSXReader.Unreadable(part: path, error.message(path: path))
            }
        }
        let names = zip.entries.keys.sorted()
        for name in names {
            let lower = name.lowercased()
            if found.macros == nil, lower.hasSuffix("vbaproject.bin") || lower.hasPrefix("xl/macrosheets/") || lower.hasSuffix("vbaprojectsignature.bin") {
                found.macros = name
            }
            if found.externalLink == nil, lower.hasPrefix("xl/externallinks/") || lower == "xl/connections.xml" {
                found.externalLink = name
            }
        }
        if let data = try part("[Content_Types].xml") {
            let types = try PartElements(["Default", "Override"], budget: budget).run(data, part: "[Content_Types].xml").found
            for type in types {
                let content = (type["ContentType"] ?? "").lowercased()
                let name = type["PartName"].map { String($0.drop { $0 == "/" }) } ?? "[Content_Types].xml"
                if found.macros == nil, content.contains("macroenabled") || content.contains("vbaproject") || content.contains("macrosheet") {
                    found.macros = name
                }
                if found.externalLink == nil, content.contains("externallink") || content.contains("spreadsheetml.connections") {
                    found.externalLink = name
                }
            }
        }
        for name in names where name.lowercased().hasSuffix(".rels") {
            guard found.externalLink == nil, let data = try part(name) else { continue }
            for link in try PartElements(["Relationship"], budget: budget).run(data, part: name).found {
                let type = (link["Type"] ?? "").split(separator: "/").last.map(String.init) ?? ""
                let external = link["TargetMode"]?.caseInsensitiveCompare("External") == .orderedSame
                // A cell's hyperlink is only text to Waymark, which reads the cell's value and
                // never follows it; every other external target is a link Excel would follow.
                if (external && type.lowercased() != "hyperlink") || ["externallink", "externallinkpath", "connections"].contains(type.lowercased()) {
                    found.externalLink = "\(name), a link of type \(type.isEmpty ? "unknown" : type)"
                    break
                }
            }
        }
        return found
    }

    /// An uploaded plan file that is a zip must be an Excel workbook as Excel saves one: an
    /// Office package (`[Content_Types].xml`) whose main part is `xl/workbook.xml`. Checked from
    /// the zip's list of parts, before anything in it is unpacked.
    static func requireWorkbook(_ bytes: [UInt8], limits: XLSXReader.Limits = .standard) throws(XLSXReader.Unreadable) {
        let document = ZipDocument.of(try ZipContainer(bytes, entryLimit: limits.entries))
        guard document == .workbook else { throw notAWorkbook(document) }
    }

    static func notAWorkbook(_ document: ZipDocument) -> XLSXReader.Unreadable {
        let advice = "save it as an Excel workbook (.xlsx), or the plan as CSV, and import that"
        if document == .other {
            return XLSXReader.Unreadable("this is a zip archive, not an Excel workbook: it lacks [Content_Types].xml or xl/workbook.xml, which every .xlsx holds; \(advice)")
        }
        return XLSXReader.Unreadable("this is \(document.described), not an Excel workbook (.xlsx); \(advice)")
    }

    /// The workbook's own checks, made by `XLSXReader.sheets` before any sheet is read: it has a
    /// workbook part, it would unpack within the limit, and it holds no macros and no external links.
    static func checkWorkbook(_ zip: ZipContainer, budget: XLSXReader.Budget) throws(XLSXReader.Unreadable) {
        let document = ZipDocument.of(zip, requiringContentTypes: false)
        guard document == .workbook else { throw notAWorkbook(document) }
        guard statedSize(zip) <= UInt64(budget.limits.unpackedBytes) else { throw XLSXReader.tooLarge(budget.limits) }
        let contents = try contents(zip, budget: budget)
        if let macros = contents.macros {
            throw XLSXReader.Unreadable("the workbook holds macros (\(macros)); Waymark does not import macro-enabled workbooks: "
                + "save it as an ordinary .xlsx workbook (without macros) and import that")
        }
        if let link = contents.externalLink {
            throw XLSXReader.Unreadable("the workbook holds links to other files or data sources (\(link)); Waymark does not import workbooks with external links: "
                + "in Excel, break the links (Data, Edit Links, Break Link) and delete any data connections, or copy the plan's cells into a new workbook as values, save it and import that")
        }
    }
}

/// Collects the attributes of every element with one of the given names, whatever its namespace
/// prefix, with the checks every part of a workbook gets (no DTD, no entities, well formed, within
/// the budget). Attribute names are given without their prefix too.
private final class PartElements: CheckedXML {
    let names: Set<String>
    var found: [[String: String]] = []

    init(_ names: Set<String>, budget: XLSXReader.Budget) {
        self.names = names
        super.init(budget: budget)
    }

    func run(_ data: Data, part: String) throws(XLSXReader.Unreadable) -> Self {
        try parse(data, sheet: nil, part: part)
        return self
    }

    static func local(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard names.contains(Self.local(elementName)) else { return }
        var plain: [String: String] = [:]
        for (key, value) in attributes where plain[Self.local(key)] == nil { plain[Self.local(key)] = value }
        found.append(plain)
        budget.cells += 1
        if budget.cells > budget.limits.cells { stop(parser, "it lists more than \(XLSXReader.grouped(budget.limits.cells)) items, far more than any workbook has") }
    }
}
