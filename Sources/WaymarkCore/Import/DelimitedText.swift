/// One row of a delimited file, with the line it starts on (1-based) for error messages.
public struct TextRow: Sendable, Equatable {
    public var line: Int
    public var cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }

    /// The cell at `index`, trimmed; "" when the row is shorter.
    public subscript(cell index: Int) -> String {
        index < cells.count ? cells[index] : ""
    }

    public var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
    public var nonEmptyCount: Int { cells.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }
}

/// Splits CSV or TSV text into rows of trimmed cells.
///
/// With `quoted`, follows RFC 4180: a cell that starts with `"` may hold the delimiter, line
/// breaks and `""` for a quote. Text copied out of a Word table is read with `quoted: false`,
/// because its cells carry stray quote marks that are part of the words.
///
/// With `restoringText`, a cell written by `SpreadsheetText.neutralised` (a `'` before text that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return) has that one `'` taken off before
/// it is trimmed, so it reads exactly as the text before neutralising would have.
public enum DelimitedText {
    public static func rows(_ bytes: [UInt8], delimiter: UInt8, quoted: Bool, restoringText: Bool = false) -> [TextRow] {
        var rows: [TextRow] = []
        rows.reserveCapacity(bytes.count / 80)
        var cells: [String] = []
        var line = 1
        var rowLine = 1
        var index = 0
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let count = bytes.count
        var field: [UInt8] = []

        func finishCell(_ slice: ArraySlice<UInt8>) {
            cells.append(trimmed(restoringText && SpreadsheetText.isMarked(slice) ? slice.dropFirst() : slice))
        }

        while index < count {
            if quoted && bytes[index] == quote && isCellStart(bytes, index, delimiter) {
                // Quoted cell: read to the closing quote, unescaping "" and counting line breaks.
                field.removeAll(keepingCapacity: true)
                index += 1
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == newline { line += 1 }
                    field.append(byte)
                    index += 1
                }
                // Anything after the closing quote up to the delimiter belongs to the cell too.
                var end = index
                while end < count && bytes[end] != delimiter && bytes[end] != newline && bytes[end] != cr { end += 1 }
                field.append(contentsOf: bytes[index..<end])
                finishCell(field[...])
                index = end
            } else {
                var end = index
                while end < count && bytes[end] != delimiter && bytes[end] != newline { end += 1 }
                finishCell(bytes[index..<end])
                index = end
            }
            if index < count && bytes[index] == cr { index += 1 }
            if index >= count || bytes[index] == newline {
                rows.append(TextRow(line: rowLine, cells: cells))
                cells.removeAll(keepingCapacity: true)
                line += 1
                rowLine = line
                index += 1
            } else {
                index += 1  // the delimiter; an empty cell after it is read on the next turn
            }
        }
        if !cells.isEmpty { rows.append(TextRow(line: rowLine, cells: cells)) }
        for i in rows.indices {
            while let last = rows[i].cells.last, last.isEmpty { rows[i].cells.removeLast() }
        }
        return rows
    }

    private static func isCellStart(_ bytes: [UInt8], _ index: Int, _ delimiter: UInt8) -> Bool {
        index == 0 || bytes[index - 1] == delimiter || bytes[index - 1] == UInt8(ascii: "\n")
    }

    /// Trims spaces, tabs, non-breaking spaces and stray carriage returns from both ends.
    static func trimmed(_ slice: ArraySlice<UInt8>) -> String {
        var start = slice.startIndex, end = slice.endIndex
        while start < end, isSpace(slice, at: start) { start += 1 }
        while end > start, isSpace(slice, at: end - 1) { end -= 1 }
        // U+00A0 is two bytes (C2 A0); step over whole pairs at either end.
        while end - start >= 2, slice[start] == 0xC2, slice[start + 1] == 0xA0 { start += 2 }
        while end - start >= 2, slice[end - 2] == 0xC2, slice[end - 1] == 0xA0 { end -= 2 }
        if start == end { return "" }
        let text = String(decoding: slice[start..<end], as: UTF8.self)
        return needsCollapsing(text) ? collapseSpaces(text) : text
    }

    private static func isSpace(_ slice: ArraySlice<UInt8>, at index: Int) -> Bool {
        let byte = slice[index]
        return byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// True when `text` has spaces at either end, doubled spaces, tabs, line breaks or a possible
    /// non-breaking space. Most cells have none, and checking bytes is far cheaper than rebuilding.
    static func needsCollapsing(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { needsCollapsing($0) }
    }

    static func needsCollapsing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = true
        for byte in bytes {
            switch byte {
            case 0x20:
                if previousWasSpace { return true }
                previousWasSpace = true
            case 0x09, 0x0A, 0x0D, 0xC2:
                return true
            default:
                previousWasSpace = false
            }
        }
        return previousWasSpace && !bytes.isEmpty
    }

    /// Word tables leave double spaces and non-breaking spaces inside cells; one space is meant.
    /// A cell's text on one line: line breaks within it (Alt+Enter in Excel) become spaces.
    public static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        let joined = collapseSpaces(String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }))
        return String(joined.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    public static func collapseSpaces(_ text: String) -> String {
        guard needsCollapsing(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        for character in text {
            if character == " " || character == "\u{A0}" || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result.trimmingWhitespace()
    }

    /// A file that is not text: it holds NUL bytes and has no UTF-16 byte-order mark, as a
    /// program, a picture or a damaged file does.
    public struct NotText: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line the first NUL byte is on.
        public var line: Int

        public init(line: Int) { self.line = line }

        /// Why, and what to do instead, for after "plan.csv is not a text file: ".
        public var reason: String {
            "it holds NUL bytes (the first on line \(line)), as programs, pictures and other binary files do; "
                + "save the plan as CSV, as Unicode text or as an Excel workbook (.xlsx) and import that"
        }

        public var description: String { "this is not a text file: \(reason)" }
    }

    /// The text of a file as UTF-8 (see `decodeText`), refusing a file that holds NUL bytes:
    /// no text file does, except in UTF-16 or UTF-32, which `decodeText` recognises by the
    /// byte-order mark.
    public static func decode(_ bytes: [UInt8]) throws(NotText) -> [UInt8] {
        let text = decodeText(bytes)
        if let nul = text.firstIndex(of: 0) {
            throw NotText(line: text[..<nul].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) })
        }
        return text
    }

    /// Reads UTF-8 (with or without a byte-order mark), and UTF-16 or UTF-32 with a byte-order
    /// mark (Excel's "Unicode Text" is UTF-16LE, tab-separated); otherwise falls back to
    /// Windows-1252, which is what older Office versions save as "CSV", so a £ or an en dash is
    /// never turned into garbage.
    public static func decodeText(_ bytes: [UInt8]) -> [UInt8] {
        var body = bytes[...]
        if body.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return utf32(body.dropFirst(4), bigEndian: false) }
        if body.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return utf32(body.dropFirst(4), bigEndian: true) }
        if body.starts(with: [0xFF, 0xFE]) { return utf16(body.dropFirst(2), bigEndian: false) }
        if body.starts(with: [0xFE, 0xFF]) { return utf16(body.dropFirst(2), bigEndian: true) }
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if isValidUTF8(body) { return Array(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / 8)
        for byte in body {
            let scalar: Unicode.Scalar
            if byte < 0x80 {
                out.append(byte)
                continue
            } else if (0x80...0x9F).contains(byte), let mapped = windows1252[Int(byte - 0x80)] {
                scalar = mapped
            } else {
                scalar = Unicode.Scalar(byte)
            }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        return out
    }

    /// UTF-16 after its byte-order mark, as UTF-8; an odd last byte (a file cut short) and
    /// unpaired surrogates become U+FFFD.
    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var text = String(decoding: units, as: UTF16.self)
        if bytes.count % 2 == 1 { text.append("\u{FFFD}") }
        return Array(text.utf8)
    }

    /// UTF-32 after its byte-order mark, as UTF-8.
    private static func utf32(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / 4)
        var index = bytes.startIndex
        while index + 3 < bytes.endIndex {
            let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (bigEndian ? 8 * (3 - $1) : 8 * $1) }
            units.append(value)
            index += 4
        }
        var text = String(decoding: units, as: UTF32.self)
        if bytes.count % 4 != 0 { text.append("\u{FFFD}") }
        return Array(text.utf8)
    }

    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
