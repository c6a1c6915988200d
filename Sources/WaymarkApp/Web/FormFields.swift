import Vapor
import WaymarkCore

/// Choice fields in the GOV.UK pattern, with their hint and error message tied to the control.
enum FormFields {
    static func select(_ name: String, _ label: String, hint: String? = nil, options: [(value: String, label: String)],
                       selected: String, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts(name, hint: hint, errors: errors)
        let items = options.map { option -> HTML in
            "<option value=\"\(option.value)\"\(option.value == selected ? HTML(" selected") : "")>\(option.label)</option>"
        }
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<select class=\"select\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\"\(p.describedBy)>\(items)</select></div>"
    }

    /// The first radio carries the field's id, so the error summary's link lands on it.
    static func radios(_ name: String, legend: String, hint: String? = nil, options: [(value: String, label: String)],
                       selected: String, errors: [FieldError], idSuffix: String = "") -> HTML {
        let id = name + idSuffix
        let p = MilestoneUpdateForm.fieldParts(id, hint: hint, errors: errors.map { FieldError(field: $0.field + idSuffix, message: $0.message) })
        let items = options.enumerated().map { index, option -> HTML in
            let optionID = index == 0 ? id : "\(id)-\(index + 1)"
            return """
            <div class="radios__item"><input class="radios__input" id="\(optionID)" name="\(name)" type="radio" value="\(option.value)"\(option.value == selected ? HTML(" checked") : "")>\
            <label class="label radios__label" for="\(optionID)">\(option.label)</label></div>
            """
        }
        return "<div class=\"\(p.group)\"><fieldset class=\"fieldset\"\(p.describedBy)><legend class=\"fieldset__legend\">\(legend)</legend>\(p.error)<div class=\"radios\">\(items)</div></fieldset></div>"
    }

    /// The GOV.UK success notification shown after a change is saved and the page redirected:
    /// announced by screen readers (role="status"), with a heading that says what happened.
    static func successBanner(_ heading: String, _ text: HTML) -> HTML {
        "<div class=\"notification notification--success\" role=\"status\" aria-labelledby=\"success-title\"><h2 id=\"success-title\">\(heading)</h2><p>\(text)</p></div>"
    }

    static func successBanner(_ heading: String, _ text: String) -> HTML {
        successBanner(heading, "\(text)" as HTML)
    }

    /// The rating in words; the colour only repeats it.
    static func ratingTag(_ rating: DeliveryRating?) -> HTML {
        guard let rating else { return "<strong class=\"tag tag--withdrawn\">Not rated</strong>" }
        return "<strong class=\"tag tag--rag-\(rating.rawValue)\">\(rating.label)</strong>"
    }
}

/// Browsers send the line breaks typed into a text box as CR LF (older clients as CR alone).
/// Every form body passes through here once, before any page reads it, and comes out with LF
/// alone, so a list typed one a line splits the same way wherever it is read, and commentary,
/// reasons and narratives are stored alike. Files uploaded in a multipart form are left as sent.
struct FormLineEndings: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method != .GET, request.method != .HEAD, let body = request.body.data, let type = request.headers.contentType,
           let normalised = Self.normalised(body, type: type) {
            // Encoding through the content container is Vapor's way to replace a collected body.
            try request.content.encode(Empty(), using: Replacement(body: normalised))
        }
        return try await next.respond(to: request)
    }

    /// The body with LF line endings, or nil when it has none to change.
    static func normalised(_ body: ByteBuffer, type: HTTPMediaType) -> ByteBuffer? {
        if type == .urlEncodedForm {
            return urlEncoded(Array(body.readableBytesView)).map { ByteBuffer(bytes: $0) }
        }
        if type == .formData, let boundary = type.parameters["boundary"] {
            return multipart(body, boundary: boundary)
        }
        return nil
    }

    /// Text with every CR LF, and every CR on its own, made LF.
    static func text(_ text: String) -> String {
        guard text.contains("\r") else { return text }
        // "\r\n" is one Character in Swift, so both forms are matched here.
        return String(text.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }

    /// `%0D%0A` becomes `%0A`, and a lone `%0D` becomes `%0A`. A `%` always starts an escape,
    /// so an escaped percent sign (`%25`) followed by "0D" is text and is left alone.
    static func urlEncoded(_ bytes: [UInt8]) -> [UInt8]? {
        func isCR(_ i: Int) -> Bool {
            i + 2 < bytes.count && bytes[i] == UInt8(ascii: "%") && bytes[i + 1] == UInt8(ascii: "0") && (bytes[i + 2] | 0x20) == UInt8(ascii: "d")
        }
        func isLF(_ i: Int) -> Bool {
            i + 2 < bytes.count && bytes[i] == UInt8(ascii: "%") && bytes[i + 1] == UInt8(ascii: "0") && (bytes[i + 2] | 0x20) == UInt8(ascii: "a")
        }
        guard bytes.indices.contains(where: isCR) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if isCR(i) {
                if !isLF(i + 3) { out += Array("%0A".utf8) }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The text fields of a multipart form normalised; parts carrying a file name are untouched.
    static func multipart(_ body: ByteBuffer, boundary: String) -> ByteBuffer? {
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders(), data = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: data))
            headers = HTTPHeaders()
            data = ByteBuffer()
        }
        guard (try? parser.execute(body)) != nil else { return nil }
        var changed = false
        for index in parts.indices {
            let disposition = parts[index].headers.first(name: "Content-Disposition") ?? ""
            guard !disposition.contains("filename="), parts[index].body.readableBytesView.contains(UInt8(ascii: "\r")),
                  let value = parts[index].body.getString(at: parts[index].body.readerIndex, length: parts[index].body.readableBytes) else { continue }
            parts[index].body = ByteBuffer(string: text(value))
            changed = true
        }
        guard changed else { return nil }
        var out = ByteBuffer()
        guard (try? MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &out)) != nil else { return nil }
        return out
    }

    private struct Empty: Encodable {}

    private struct Replacement: ContentEncoder {
        let body: ByteBuffer
        func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders) throws {
            var copy = self.body
            body.writeBuffer(&copy)
        }
    }
}
