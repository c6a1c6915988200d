import Foundation
import WaymarkCore
import ZIPFoundation

/// Writes a minimal Office Open XML workbook: enough for Excel, LibreOffice and openpyxl, with
/// text as inline strings, whole numbers as numbers, dates as dates, and bold headings. No cell is
/// ever a formula (`<f>`): text that starts with `=` is an inline string, shown as it is written.
enum XLSXWriter {
    enum Cell: Sendable, Equatable {
        case text(String)
        case number(Int)
        /// A real day, stored as a serial number shown "30 Jun 2017", so a spreadsheet can sort
        /// and filter by it. `XLSXReader` reads it back as the ISO date.
        case date(CalendarDate)
        case header(String)
        /// A line above a table (its title), in bold and not wrapped, so it runs across the empty
        /// cells beside it.
        case title(String)

        /// The cell as CSV writes it: dates in ISO form.
        var plainText: String {
            switch self {
            case .text(let text), .header(let text), .title(let text): text
            case .number(let value): String(value)
            case .date(let day): day.iso
            }
        }

        /// The cell as CSV for a spreadsheet writes it: text with a `'` before anything a
        /// spreadsheet would run as a formula (`SpreadsheetText.neutralised`); numbers, negative
        /// ones too, and ISO dates as they are.
        var csvText: String {
            switch self {
            case .text(let text), .header(let text), .title(let text): SpreadsheetText.neutralised(text)
            case .number, .date: plainText
            }
        }
    }

    struct Sheet: Sendable {
        var name: String
        var rows: [[Cell]]
        /// Column widths in characters, from column A; none leaves the spreadsheet's default.
        var columnWidths: [Double] = []
        /// Rows kept in view while scrolling (the headings and anything above them); 0 for none.
        var frozenRows = 0
    }

    /// Indexes into `cellXfs` in styles.xml, in its order. Cells sit at the top of their row (which
    /// LibreOffice applies only to cells that name a style, so each kind has one), and text and
    /// headings wrap within their column's width.
    private enum Style: Int {
        case plain = 0, header, text, date, title, number
    }

    /// The first custom number format id; 0–163 are Excel's built-in ones.
    private static let dateFormatID = 164

    static func write(_ sheets: [Sheet]) throws -> [UInt8] {
        let names = sheetNames(sheets.map(\.name))
        var files: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(count: sheets.count)),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            \(names.enumerated().map { "<sheet name=\"\(escape($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())</sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """),
            ("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="\(dateFormatID)" formatCode="d mmm yyyy"/></numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="6">\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
            <xf numFmtId="\(dateFormatID)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>\
            </cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """),
        ]
        for (index, sheet) in sheets.enumerated() {
            files.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet)))
        }
        let archive = try Archive(accessMode: .create)
        for (path, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CommandFailure("the spreadsheet could not be assembled") }
        return [UInt8](data)
    }

    /// Sheet names: at most 31 characters, none of : \ / ? * [ ], and unique.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.map { name in
            let cleaned = String(name.map { ":\\/?*[]".contains($0) ? "-" : $0 }.prefix(31)).trimmingCharacters(in: .whitespaces)
            var candidate = cleaned.isEmpty ? "Sheet" : cleaned
            var n = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(cleaned.prefix(27)) + " (\(n))"
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    private static func contentTypes(count: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        \((1...max(count, 1)).map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())</Types>
        """
    }

    static func worksheet(_ sheet: Sheet) -> String {
        // The parts of a worksheet must come in this order: sheetViews, cols, sheetData.
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if sheet.frozenRows > 0 {
            xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"A\(sheet.frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"A\(sheet.frozenRows + 1)\" sqref=\"A\(sheet.frozenRows + 1)\"/></sheetView></sheetViews>"
        }
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>" + sheet.columnWidths.enumerated().map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"/>" }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(r + 1)\"" + (height(row, widths: sheet.columnWidths).map { " ht=\"\($0)\" customHeight=\"1\">" } ?? ">")
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                switch cell {
                case .number(let value): xml += "<c r=\"\(ref)\" s=\"\(Style.number.rawValue)\"><v>\(value)</v></c>"
                case .date(let day): xml += "<c r=\"\(ref)\" s=\"\(Style.date.rawValue)\"><v>\(serial(day))</v></c>"
                case .text(let text): xml += "<c r=\"\(ref)\" s=\"\(Style.text.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
                case .header(let text): xml += "<c r=\"\(ref)\" s=\"\(Style.header.rawValue)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c>"
                case .title(let text): xml += "<c r=\"\(ref)\" s=\"\(Style.title.rawValue)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// The height in points a row needs for its wrapped text, when that is more than one line.
    /// Excel grows such rows by itself but LibreOffice keeps them one line high, cutting the text
    /// off, so the height is set: words fill lines of about one character per unit of the
    /// column's width (which is measured in digit widths; most letters are narrower).
    static func height(_ row: [Cell], widths: [Double]) -> Double? {
        let lines = zip(row, widths).map { cell, width -> Int in
            switch cell {
            case .text(let text), .header(let text): lineCount(text, perLine: max(1, Int(width) - 1))
            case .number, .date, .title: 1
            }
        }.max() ?? 1
        // 15 points a line for 11-point text; Excel allows rows up to 409 points.
        return lines > 1 ? min(Double(lines) * 15, 409) : nil
    }

    private static func lineCount(_ text: String, perLine: Int) -> Int {
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += 1
            var used = 0
            for word in paragraph.split(separator: " ").map(\.count) {
                let needed = used == 0 ? word : used + 1 + word
                if needed <= perLine {
                    used = needed
                    continue
                }
                // The word starts a new line; one longer than a line runs over as many as it needs.
                if used > 0 { lines += 1 }
                lines += (word - 1) / perLine
                used = (word - 1) % perLine + 1
            }
        }
        return lines
    }

    /// The spreadsheet serial number of a day: days since 30 December 1899. (Excel also counts a
    /// 29 February 1900 that never was, so this agrees with it from March 1900, long before any plan.)
    static func serial(_ day: CalendarDate) -> Int {
        day.dayNumber - CalendarDate(year: 1899, month: 12, day: 30)!.dayNumber
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML text, with characters XML 1.0 forbids (control codes pasted from Word) dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
