import Foundation
import WaymarkCore

/// What may be attached to correspondence, and how it is told: by the file's content (its magic
/// bytes and, for Office documents, the parts inside the zip), never by the name or the type the
/// browser claims. The name is kept for the download only, with any folder the sender included
/// removed; it is never used as a path, and its extension must be one of its kind's, so a text
/// file cannot be saved by whoever downloads it as `minutes.bat`.
enum AttachmentPolicy {
    /// The largest attachment, in bytes. The form that carries it may be 25 MB in all.
    static let maxBytes = 20 * 1024 * 1024

    enum Kind: String, CaseIterable, Sendable {
        case pdf, png, jpeg, docx, xlsx, pptx, text

        /// The type the download is served as.
        var contentType: String {
            switch self {
            case .pdf: return "application/pdf"
            case .png: return "image/png"
            case .jpeg: return "image/jpeg"
            case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .pptx: return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            case .text: return "text/plain; charset=utf-8"
            }
        }

        /// The endings a name of this kind may have; the first is the usual one.
        var extensions: [String] {
            switch self {
            case .pdf: return ["pdf"]
            case .png: return ["png"]
            case .jpeg: return ["jpg", "jpeg"]
            case .docx: return ["docx"]
            case .xlsx: return ["xlsx"]
            case .pptx: return ["pptx"]
            case .text: return ["txt", "csv", "tsv"]
            }
        }

        var described: String {
            switch self {
            case .pdf: return "a PDF document"
            case .png: return "a PNG picture"
            case .jpeg: return "a JPEG picture"
            case .docx: return "a Word document"
            case .xlsx: return "an Excel workbook"
            case .pptx: return "a PowerPoint presentation"
            case .text: return "plain text"
            }
        }
    }

    /// For messages: what may be attached.
    static let accepted = "PDF documents, PNG and JPEG pictures, Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) documents, and plain text or CSV (.txt, .csv, .tsv)"

    struct Accepted: Sendable {
        /// The name the file is kept and offered under: the sender's, without any folder.
        var name: String
        var kind: Kind
    }

    /// The file, checked; or why it is refused, in words for the form.
    static func check(name sent: String, data: Data, maxBytes: Int = maxBytes) -> Result<Accepted, Refusal> {
        let name = storedName(sent)
        let shown = name.isEmpty ? "The attachment" : name
        guard !data.isEmpty else { return .failure(.init("\(shown) is empty; choose the file again, or leave the attachment out")) }
        guard data.count <= maxBytes else {
            return .failure(.init("\(shown) is larger than \(maxBytes / 1024 / 1024) MB; attach a smaller file, such as a PDF of the letter"))
        }
        let bytes = [UInt8](data)
        let kind: Kind
        switch identify(bytes) {
        case .success(let found): kind = found
        case .failure(let what): return .failure(.init("\(shown) is \(what.message), which Waymark does not accept as an attachment; it accepts \(accepted)"))
        }
        guard !name.isEmpty else { return .failure(.init("The attachment has no file name; give it a name ending .\(kind.extensions[0]) and attach it again")) }
        let ending = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
        guard kind.extensions.contains(ending) else {
            let allowed = kind.extensions.map { ".\($0)" }.joined(separator: " or ")
            return .failure(.init("\(name) is \(kind.described), but its name \(ending.isEmpty ? "has no ending" : "ends .\(ending)"); "
                + "a file's name must say what it is, so rename it to end \(allowed) and attach it again"))
        }
        return .success(.init(name: name, kind: kind))
    }

    struct Refusal: Error, Sendable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The kind of an attachment from its content, or what it is in words when it is not accepted.
    static func identify(_ bytes: [UInt8]) -> Result<Kind, Refusal> {
        switch FileKind.of(bytes) {
        case .pdf: return .success(.pdf)
        case .png: return .success(.png)
        case .jpeg: return .success(.jpeg)
        case .zip: return office(bytes)
        case .ole2: return .failure(.init("an older Office file (.doc, .xls, .ppt) or a document protected with a password"))
        case .refused(let what): return .failure(.init(what))
        case .unknown:
            // Text: no NUL bytes and no control characters but tab, line breaks and form feed,
            // read as UTF-8, UTF-16 or UTF-32 (with a byte-order mark) or Windows-1252.
            let text = DelimitedText.decodeText(bytes)
            if text.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C) || $0 == 0x7F }) {
                return .failure(.init("a file of a kind Waymark does not know (it is not text: it holds control characters)"))
            }
            // Mark-up a browser or Office would run or render, though it is text.
            let start = String(decoding: text.prefix(64), as: UTF8.self).drop { $0.isWhitespace }.lowercased()
            if ["<!doctype", "<html", "<svg", "<?xml", "<script", "<head", "<body", "<iframe"].contains(where: start.hasPrefix) {
                return .failure(.init("a web page or other mark-up (HTML, XML or SVG)"))
            }
            return .success(.text)
        }
    }

    /// The Office document inside a zip: Word, Excel or PowerPoint, without macros.
    private static func office(_ bytes: [UInt8]) -> Result<Kind, Refusal> {
        let zip: ZipContainer
        do { zip = try ZipContainer(bytes, entryLimit: XLSXReader.Limits.standard.entries) } catch {
            return .failure(.init(error.message == ZipContainer.notReadable.message ? "a zip file that is damaged or cut short" : "a zip file Waymark does not read: \(error.message)"))
        }
        let kind: Kind
        switch ZipDocument.of(zip) {
        case .wordDocument: kind = .docx
        case .workbook: kind = .xlsx
        case .presentation: kind = .pptx
        case let other: return .failure(.init(other.described))
        }
        guard OfficePackage.statedSize(zip) <= UInt64(XLSXReader.Limits.standard.unpackedBytes) else {
            return .failure(.init("a zip file that would unpack to more than \(XLSXReader.Limits.standard.unpackedBytes / 1024 / 1024) MB"))
        }
        do {
            if let macros = try OfficePackage.contents(zip, budget: XLSXReader.Budget(.standard)).macros {
                return .failure(.init("\(kind.described) that holds macros (\(macros)); save it without macros (as .\(kind.extensions[0])) or as a PDF"))
            }
        } catch {
            return .failure(.init("\(kind.described) that cannot be read (\(error.description))"))
        }
        return .success(kind)
    }

    /// The name without any folder a sender put before it (`C:\fakepath\letter.pdf`,
    /// `../../letter.pdf`), trimmed. Control characters and length are checked by the caller, as
    /// for any title.
    static func storedName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.trimmingCharacters(in: .whitespaces)
    }

    /// How a name goes in a download's Content-Disposition: an ASCII fallback (letters, digits,
    /// `.`, `-` and `_`; anything else `_`) and, when that differs, the name itself, percent-encoded
    /// (RFC 6266 and 8187). Neither can carry a quote, a semicolon or a line break into the header.
    static func contentDisposition(_ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
        var value = "attachment; filename=\"\(fallback.isEmpty ? "attachment" : fallback)\""
        if fallback != name {
            let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
            value += "; filename*=UTF-8''" + (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? fallback)
        }
        return value
    }
}
