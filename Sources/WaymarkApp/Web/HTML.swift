import Vapor

/// A piece of HTML. Interpolating a `String` escapes it; only other `HTML` values go in as they
/// are. So user text, such as a milestone titled `<script>`, can only ever appear as text.
struct HTML: Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, AsyncResponseEncodable {
    private(set) var rendered: String

    init(unsafe rendered: String) { self.rendered = rendered }
    init(stringLiteral value: String) { rendered = value }
    init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }

    struct StringInterpolation: StringInterpolationProtocol {
        var output = ""
        init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity + interpolationCount * 16) }
        mutating func appendLiteral(_ literal: String) { output += literal }
        mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { if let text { output += HTML.escape(text) } }
        mutating func appendInterpolation(_ number: Int) { output += String(number) }
        mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        mutating func appendInterpolation(_ html: HTML?) { if let html { output += html.rendered } }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { output += part.rendered } }
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    func encodeResponse(for request: Request) async throws -> Response {
        Response.html(self, status: .ok)
    }
}

extension Response {
    /// Every page, whatever its status, with the same security headers.
    static func html(_ html: HTML, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: status, headers: headers, body: .init(string: "<!DOCTYPE html>\n" + html.rendered))
    }

    /// A file to save, never shown inline, so an uploaded HTML file cannot run as a page of this site.
    static func download(_ bytes: [UInt8], type: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safe)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }
}
