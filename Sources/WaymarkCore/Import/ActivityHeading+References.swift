/// References as plans write them: "12." through the whole plan, "1." again in every area,
/// "2.3" or "1.2.3" for a level within a level.
extension ActivityHeading {
    /// "2.3 Review the constitution" is "2.3" and its title; so are "2.3. Title", "1.2.3) Title",
    /// "4) Title" and "12. Title" (reference "12."). A reference of more than one level needs a
    /// space or a closing "." or ")" after it, so "1.5m homes" and "3.5% savings" are titles
    /// (`split` alone, as the delivery-plan layout reads, would make them activities 1 and 3).
    static func reference(in text: String) -> (reference: String, title: String)? {
        let bytes = Array(text.utf8)
        let dot = UInt8(ascii: "."), bracket = UInt8(ascii: ")")
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (48...57).contains(bytes[i]) }
        var i = 0
        while isDigit(i) && i < 9 { i += 1 }
        guard i > 0 else { return nil }
        var levels = 1
        while i + 1 < bytes.count && bytes[i] == dot && isDigit(i + 1) {
            i += 1
            while isDigit(i) { i += 1 }
            levels += 1
        }
        if i < bytes.count && (bytes[i] == dot || bytes[i] == bracket) {
            i += 1
        } else if levels == 1 || i >= bytes.count || !(bytes[i] == 0x20 || bytes[i] == 0x09) {
            return nil
        }
        let title = String(decoding: bytes[i...], as: UTF8.self).trimmingWhitespace()
        guard !title.isEmpty else { return nil }
        return (String(decoding: bytes[..<i], as: UTF8.self), title)
    }

    /// `split`'s reading ("12. Title", "4) Title"), with the reference as written.
    static func wholeNumberReference(in text: String) -> (reference: String, title: String)? {
        guard split(text).number != nil, let end = text.firstIndex(where: { $0 == "." || $0 == ")" }) else { return nil }
        return (String(text[...end]), split(text).title)
    }

    /// The whole number a reference such as "12", "12." or "12)" is; nil for "2.3", "A1" or "".
    static func plainNumber(_ reference: String) -> Int? {
        var digits = Substring(reference)
        if let last = digits.last, last == "." || last == ")" { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// How two spellings of one reference are compared: "3", "3." and "3)" are one; so are "A1" and "a1".
    static func key(_ reference: String) -> String {
        plainNumber(reference).map { "#\($0)" } ?? LeadNames.key(reference)
    }

    /// The reference as a sentence names it: "activity 3", "activity 2.3".
    static func spoken(_ reference: String) -> String {
        plainNumber(reference).map(String.init) ?? reference
    }
}
