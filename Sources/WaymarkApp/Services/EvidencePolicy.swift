import Foundation
import WaymarkCore

/// What may go in a review's evidence library: what correspondence may carry (`AttachmentPolicy`,
/// told by content), plus the older Office formats, told by the compound-file signature, since
/// councils' evidence often includes documents a decade old. The name is offered on download
/// only, never used as a path.
enum EvidencePolicy {
    /// The largest file, in bytes: a strategic plan with pictures is often 20 MB as a PDF.
    static let maxBytes = 30 * 1024 * 1024

    static let accepted = "PDF documents, PNG and JPEG pictures, Word, Excel and PowerPoint documents (.docx, .xlsx, .pptx, and the older .doc, .xls and .ppt), and plain text or CSV (.txt, .csv, .tsv)"

    /// The endings the file picker offers.
    static let extensions = AttachmentPolicy.Kind.allCases.flatMap(\.extensions) + legacyOffice.keys.sorted()

    private static let legacyOffice: [String: (type: String, described: String)] = [
        "doc": ("application/msword", "an older Word document"),
        "xls": ("application/vnd.ms-excel", "an older Excel workbook"),
        "ppt": ("application/vnd.ms-powerpoint", "an older PowerPoint presentation"),
    ]

    struct Accepted: Sendable {
        var name: String
        var contentType: String
    }

    static func check(name sent: String, data: Data) -> Result<Accepted, AttachmentPolicy.Refusal> {
        let name = AttachmentPolicy.storedName(sent)
        let shown = name.isEmpty ? "The file" : name
        guard !data.isEmpty else { return .failure(.init("\(shown) is empty; choose the file again")) }
        guard data.count <= maxBytes else {
            return .failure(.init("\(shown) is larger than \(maxBytes / 1024 / 1024) MB; upload a smaller file, or split it"))
        }
        if let problem = TextLimit.title.problem(name, label: "The file's name") { return .failure(.init(problem)) }
        let ending = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
        let bytes = [UInt8](data)
        if FileKind.of(bytes) == .ole2 {
            guard let legacy = legacyOffice[ending] else {
                return .failure(.init("\(shown) is an older Office file (.doc, .xls or .ppt), but its name \(ending.isEmpty ? "has no ending" : "ends .\(ending)"); rename it to say which, and upload it again"))
            }
            return .success(.init(name: name, contentType: legacy.type))
        }
        switch AttachmentPolicy.check(name: sent, data: data, maxBytes: maxBytes) {
        case .success(let accepted): return .success(.init(name: accepted.name, contentType: accepted.kind.contentType))
        case .failure(let refusal):
            return .failure(.init(refusal.message.replacingOccurrences(of: "does not accept as an attachment; it accepts \(AttachmentPolicy.accepted)",
                                                                       with: "does not accept as evidence; it accepts \(accepted)")))
        }
    }
}
