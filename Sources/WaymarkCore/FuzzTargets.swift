/// What each libFuzzer harness in fuzz/harnesses calls, here so `FuzzCorpusTests` runs the
/// committed corpus and every saved crash through exactly what was fuzzed.
///
/// Each returns what the parser read or throws the parser's own error for input it refuses. If
/// what it read breaks a promise the parser makes, it throws `Broken`, which a harness turns into
/// a crash: a wrong answer is a finding as much as a trap is.
public enum FuzzTargets {
    public struct Broken: Error, CustomStringConvertible {
        public var description: String
    }

    private static func promise(_ kept: Bool, _ what: @autoclosure () -> String) throws(Broken) {
        if !kept { throw Broken(description: what()) }
    }

    /// The bytes as a deadline cell, as an import reads one.
    public static func deadline(_ bytes: [UInt8]) throws -> Deadline {
        let written = String(decoding: bytes, as: UTF8.self)
        let deadline = try DeadlineParser.parse(written)
        try promise(deadline.written == written, "the deadline does not keep the text as written")
        _ = deadline.explanation
        switch deadline.kind {
        case .dated:
            guard let start = deadline.earliestStart, let due = deadline.due else { throw Broken(description: "a dated deadline without a start and a due date") }
            try promise(start <= due, "the deadline starts (\(start.iso)) after it is due (\(due.iso))")
            try promise(deadline.checkpoints.allSatisfy { $0 < due }, "a checkpoint is not before the due date")
        case .openEnded:
            try promise(deadline.due == nil && deadline.earliestStart != nil, "an open-ended deadline without a start, or with a due date")
        case .noFixedDate:
            try promise(deadline.due == nil && deadline.earliestStart == nil, "a deadline with no fixed date has dates")
        }
        return deadline
    }

    /// The first byte picks how the rest is split (delimiter, quoting, restoring neutralised
    /// text), so one corpus covers every way an import calls the reader.
    public static func delimitedText(_ bytes: [UInt8]) throws -> [TextRow] {
        guard let options = bytes.first else { return [] }
        let text = try DelimitedText.decode(Array(bytes.dropFirst()))
        let delimiter = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")][Int(options & 3)]
        let rows = DelimitedText.rows(text, delimiter: delimiter, quoted: options & 4 != 0, restoringText: options & 8 != 0)
        let lines = text.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        var previous = 0
        for row in rows {
            try promise(row.line > previous && row.line <= lines, "row at line \(row.line) after line \(previous), in text of \(lines) lines")
            try promise(row.cells.last.map { !$0.isEmpty } ?? true, "line \(row.line) ends in an empty cell")
            let spaces: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]
            for cell in row.cells where !cell.isEmpty {
                try promise(!spaces.contains(cell.unicodeScalars.first!) && !spaces.contains(cell.unicodeScalars.last!), "line \(row.line) has an untrimmed cell")
            }
            previous = row.line
        }
        return rows
    }

    /// The bytes as a plan file (text, CSV or TSV, in either layout), on a fixed day.
    public static func planLayout(_ bytes: [UInt8]) throws -> PlanDocument {
        let document: PlanDocument
        do {
            document = try PlanFileReader.read(bytes, today: CalendarDate(year: 2018, month: 6, day: 30)).document
        } catch {
            try promise(!error.problems.isEmpty, "the file was refused without a problem to show")
            throw error
        }
        try promise(document.milestoneCount > 0, "a plan was read with no milestones")
        for area in document.areas {
            for activity in area.activities {
                try promise(activity.milestones.allSatisfy { $0.line >= 1 }, "a milestone without a line")
            }
        }
        return document
    }

    /// Limits far below the standard ones, so a hostile input costs milliseconds, not seconds,
    /// and the limits themselves are reached.
    public static let workbookLimits = WorkbookLimits(unpackedBytes: 4 * 1024 * 1024, cells: 100_000, rowsPerSheet: 10_000,
                                                      cellCharacters: 32_767, cellTextBytes: 4 * 1024 * 1024, entries: 1_000)

    /// The bytes as an .xlsx workbook, unpacked by `inflate` (zlib in the harness and the test).
    ///
    /// A zip's CRC check refuses almost every mutation of a part's content, so the XML readers
    /// behind it would barely be fuzzed: input that does not start with "PK" is a list of parts,
    /// each a line "@name" and its content up to the next such line, packed here into a zip
    /// with the right checksums. Input that does start with "PK" is read as the zip it is.
    public static func workbook(_ bytes: [UInt8], inflate: WorkbookInflate) throws -> [WorkbookSheet] {
        let limits = workbookLimits
        let zip = bytes.starts(with: [0x50, 0x4B]) ? bytes : storedZip(parts(bytes), crc32: inflate.crc32)
        let sheets = try WorkbookReader.sheets(zip, limits: limits, inflate: inflate)
        var cells = 0
        for sheet in sheets {
            try promise(sheet.rows.count <= limits.rowsPerSheet, "sheet \(sheet.name) has more rows than the limit")
            for row in sheet.rows {
                try promise(row.cells.count <= WorksheetParser.columnLimit, "a row is wider than column XFD")
                try promise(row.cells.allSatisfy { $0.utf16.count <= limits.cellCharacters }, "a cell is longer than the limit")
                cells += row.cells.count
            }
        }
        try promise(cells <= limits.cells, "the sheets hold \(cells) cells, more than the limit")
        return sheets
    }

    /// "@xl/workbook.xml\n<workbook…>\n@xl/_rels/workbook.xml.rels\n…" as (name, content) pairs.
    static func parts(_ bytes: [UInt8]) -> [(name: String, content: [UInt8])] {
        let at = UInt8(ascii: "@"), newline = UInt8(ascii: "\n")
        var starts = bytes.first == at ? [0] : []
        for index in bytes.indices.dropLast() where bytes[index] == newline && bytes[index + 1] == at { starts.append(index + 1) }
        return starts.indices.map { number in
            let end = number + 1 < starts.count ? starts[number + 1] - 1 : bytes.count
            let part = bytes[(starts[number] + 1)..<end]
            let nameEnd = part.firstIndex(of: newline) ?? part.endIndex
            return (String(decoding: part[..<nameEnd], as: UTF8.self), nameEnd < part.endIndex ? Array(part[(nameEnd + 1)...]) : [])
        }
    }

    /// A zip of stored (uncompressed) entries, as the reader expects one: local headers, the
    /// central directory and its end record.
    static func storedZip(_ parts: [(name: String, content: [UInt8])], crc32: ([UInt8]) -> UInt32) -> [UInt8] {
        func little(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var zip: [UInt8] = [], directory: [UInt8] = []
        let kept = parts.prefix(0xFFFF)
        for part in kept {
            let name = Array(part.name.utf8.prefix(0xFFFF)), size = part.content.count, crc = Int(crc32(part.content))
            // Version, flags, method (stored), time and date; then the checksum and both sizes.
            let common = little(20, 2) + little(0, 8) + little(crc, 4) + little(size, 4) + little(size, 4) + little(name.count, 2)
            directory += [0x50, 0x4B, 0x01, 0x02] + little(20, 2) + common + little(0, 12) + little(zip.count, 4) + name
            zip += [0x50, 0x4B, 0x03, 0x04] + common + little(0, 2) + name + part.content
        }
        return zip + directory + [0x50, 0x4B, 0x05, 0x06] + little(0, 4) + little(kept.count, 2) + little(kept.count, 2)
            + little(directory.count, 4) + little(zip.count, 4) + little(0, 2)
    }
}
