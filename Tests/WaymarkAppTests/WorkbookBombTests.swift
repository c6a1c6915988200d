import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
import WaymarkTestSupport
import ZIPFoundation
@testable import WaymarkApp

/// Workbooks small when packed that would ask for far more memory than their size once read:
/// one long shared text shown by many cells, and a row of a million cells without references.
/// Each is refused as the cell is read, before the memory is asked for, naming where.
@Suite struct WorkbookBombTests {
    let today = CalendarDate(year: 2018, month: 1, day: 5)!

    /// The row after the Grants sheet's last.
    static func nextGrantsRow(_ workbook: [UInt8]) throws -> Int {
        try #require(try XLSXReader.sheets(workbook)[4].rows.last).line + 1
    }

    /// The workbook (with its text in shared strings) with `text` added as one more shared text,
    /// and the number it has.
    static func sharing(_ text: String, in workbook: [UInt8]) throws -> (workbook: [UInt8], number: Int) {
        let shared = try DamagedWorkbook.withSharedStrings(workbook)
        let number = try #require(try DamagedWorkbook.parts(shared).first { $0.path == "xl/sharedStrings.xml" }).text.components(separatedBy: "<si>").count - 1
        let changed = try DamagedWorkbook.changing(shared, "xl/sharedStrings.xml") {
            $0.replacingOccurrences(of: "</sst>", with: "<si><t xml:space=\"preserve\">\(text)</t></si></sst>")
        }
        return (changed, number)
    }

    /// The Grants sheet with `rows` of `columns` cells each after its last row, every one showing shared text `number`.
    static func showing(_ number: Int, rows: Int, columns: Int, in workbook: [UInt8]) throws -> [UInt8] {
        let first = try nextGrantsRow(workbook)
        var xml = ""
        for row in first..<first + rows {
            xml += "<row r=\"\(row)\">"
            for column in 0..<columns { xml += "<c r=\"\(Character(UnicodeScalar(UInt8(65 + column))))\(row)\" t=\"s\"><v>\(number)</v></c>" }
            xml += "</row>"
        }
        return try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants) { $0.replacingOccurrences(of: "</sheetData>", with: xml + "</sheetData>") }
    }

    /// Loads the file as an import does and, should it be read, imports it; expects it refused
    /// with a message containing `says`, and the database unchanged.
    @discardableResult
    func expectRefused(_ bytes: [UInt8], _ says: String, _ app: Application, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let before = try await DamagedWorkbook.counts(app)
        let refusal = await #expect(throws: PlanFileLoader.Unreadable.self, sourceLocation: sourceLocation) {
            let loaded = try PlanFileLoader.load(bytes, fileName: "q3.xlsx", today: today)
            _ = try await PlanImportService(db: app.db, actor: "test").run(loaded.document, planReference: "Bomb", fileName: "q3.xlsx")
        }
        #expect(refusal?.description.contains(says) == true, "\(refusal?.description.prefix(600) ?? "not refused")", sourceLocation: sourceLocation)
        #expect(try await DamagedWorkbook.counts(app) == before, sourceLocation: sourceLocation)
        #expect(try await Plan.query(on: app.db).count() == 1, sourceLocation: sourceLocation)
        return refusal?.description ?? ""
    }

    static let tooLong = "the cell holds more than 32,767 characters"
    static let excel = "more than Excel allows; no plan's text is near that long (a commentary may have 10,000), so Waymark does not read the workbook; shorten the cell's text and import it again"

    @Test(arguments: TestDatabase.allCases)
    func aSharedTextLongerThanACellIsRefusedAtTheFirstCellShowingIt(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            let row = try Self.nextGrantsRow(workbook)
            // About 40,000 characters with double spaces (which cleaning copies), packed to a few hundred
            // bytes, shown by 5,000 cells: 200 MB of text, asked for again with each cell cleaned.
            let long = String(repeating: "Long  text ", count: 3_700)
            let (shared, number) = try Self.sharing(long, in: workbook)
            let bomb = try Self.showing(number, rows: 500, columns: 10, in: shared)
            #expect(bomb.count < 1024 * 1024)
            try await expectRefused(bomb, "q3.xlsx, sheet \"Grants\", row \(row), cell A\(row): \(Self.tooLong) (shared text number \(number)), \(Self.excel)", app)

            // The same text inline, in the sixth row's first cell, and a number's text as long.
            let inline = try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants) { xml in
                let sixth = xml.components(separatedBy: "<row ")[6]
                let cell = sixth.range(of: "<is><t")!
                let opened = sixth.range(of: ">", range: cell.upperBound..<sixth.endIndex)!.upperBound
                let closed = sixth.range(of: "</t>", range: opened..<sixth.endIndex)!.lowerBound
                return xml.replacingOccurrences(of: sixth, with: sixth.replacingCharacters(in: opened..<closed, with: long))
            }
            try await expectRefused(inline, "q3.xlsx, sheet \"Grants\", row 6, cell A6: \(Self.tooLong), \(Self.excel)", app)
            let number40k = try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants) {
                $0.replacingOccurrences(of: "</sheetData>", with: "<row r=\"\(row)\"><c r=\"C\(row)\"><v>\(String(repeating: "0", count: 40_000))</v></c></row></sheetData>")
            }
            try await expectRefused(number40k, "q3.xlsx, sheet \"Grants\", row \(row), cell C\(row): \(Self.tooLong), \(Self.excel)", app)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func sharedTextIsCountedForEveryCellShowingItBeforeItIsCopied(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            let row = try Self.nextGrantsRow(workbook)
            // 29,999 characters, within a cell's limit, shown by 10,000 cells: 300 MB of text. (Single
            // spaces, so each cell shares the text rather than copying it, and the test is quick.)
            let (shared, number) = try Self.sharing(Array(repeating: "Shared text", count: 2_500).joined(separator: " "), in: workbook)
            let bomb = try Self.showing(number, rows: 1_000, columns: 10, in: shared)
            #expect(bomb.count < 1024 * 1024)
            // 200 MB is 6,990.7 cells of 29,999 bytes; the plan's own text, in every sheet, counts too,
            // so the cell refused is one of the last few before the 700th row's first.
            let refused = try await expectRefused(bomb, ": by this cell the workbook's cells hold more than 200 MB of text "
                + "(shared text counted for each cell that shows it), far more than any plan needs, so Waymark does not read it; "
                + "save the plan's sheets in a smaller workbook, or as CSV, and import that", app)
            let place = try #require(refused.firstRange(of: ", cell ").map { refused[$0.upperBound...].prefix { $0 != ":" } })
            let refusedRow = try #require(Int(place.drop { $0.isLetter }))
            #expect(refused.hasPrefix("q3.xlsx, sheet \"Grants\", row \(refusedRow), cell \(place): "))
            #expect((row + 690...row + 699).contains(refusedRow), "\(refused.prefix(100))")

            // A lower limit is reached the same way.
            let lowered = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(bomb, limits: .init(cellTextBytes: 1024 * 1024)) }
            #expect(lowered?.sheet == "Grants" && lowered?.message.hasPrefix("by this cell the workbook's cells hold more than 1 MB of text") == true, "\(lowered?.description ?? "")")
        }
    }

    @Test func textUpToACellsLimitIsRead() throws {
        // Excel's limit exactly, counted in UTF-16 as Excel counts: 32,767 letters, and 16,383 pairs
        // of emoji halves plus one letter; neither is refused, in shared text or inline.
        let letters = String(repeating: "a", count: 32_767), emoji = String(repeating: "🙂", count: 16_383) + "a"
        let sheet = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
            + "<c r=\"C1\" t=\"inlineStr\"><is><t>\(letters)</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>\(emoji)</t></is></c></row>"
        let read = try XLSXReader.sheets(try WorkbookBombTests.workbook(sheet: sheet, shared: [letters, emoji]))
        #expect(read[0].rows.first?.cells == [letters, emoji, letters, emoji])
        // One more is refused.
        let over = #expect(throws: XLSXReader.Unreadable.self) {
            try XLSXReader.sheets(try WorkbookBombTests.workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", shared: [emoji + "a"]))
        }
        #expect(over?.description.hasPrefix("sheet \"Plan\", row 1, cell A1: \(Self.tooLong) (shared text number 0), more than Excel allows") == true, "\(over?.description ?? "")")
        // Shared text too long that no cell shows is not read, and refuses nothing.
        let unshown = try XLSXReader.sheets(try WorkbookBombTests.workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>", shared: [letters + letters, "shown"]))
        #expect(unshown[0].rows.first?.cells == ["shown"])
    }

    @Test(arguments: TestDatabase.allCases)
    func aRowOfAMillionCellsWithoutReferencesIsRefusedAtColumnXFD(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            let row = try Self.nextGrantsRow(workbook)
            // Four megabytes of "<c/>", a few kilobytes packed: a million cells, each a string before.
            let bomb = try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants) {
                $0.replacingOccurrences(of: "</sheetData>", with: "<row r=\"\(row)\">" + String(repeating: "<c/>", count: 1_000_000) + "</row></sheetData>")
            }
            #expect(bomb.count < 1024 * 1024)
            try await expectRefused(bomb, "q3.xlsx, sheet \"Grants\", row \(row): the row has more than 16,384 cells, more than Excel allows (its last column is XFD) "
                + "(the file may be damaged or incompletely copied)", app)
        }
    }

    @Test func cellsWithoutReferencesAreReadInTheirPlacesAndCountedAsTheyAreRead() throws {
        // Up to column XFD, cells without a reference follow each other along the row.
        let full = try XLSXReader.sheets(try Self.workbook(sheet: "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c/><c><v>3</v></c></row>"
            + "<row>" + String(repeating: "<c/>", count: 16_383) + "<c t=\"inlineStr\"><is><t>last</t></is></c></row>"))
        #expect(full[0].rows.first?.cells == ["a", "", "3"])
        #expect(full[0].rows.last?.cells.count == 16_384 && full[0].rows.last?.cells.last == "last")
        // A row wider than the cells allowed is refused part-way through it, naming the cell,
        // as a bad shared-text number in a cell without a reference is.
        let wide = #expect(throws: XLSXReader.Unreadable.self) {
            try XLSXReader.sheets(try Self.workbook(sheet: "<row r=\"2\">" + String(repeating: "<c/>", count: 1_000) + "</row>"), limits: .init(cells: 300))
        }
        #expect(wide?.description == "sheet \"Plan\": by row 2 the workbook holds more than 300 cells, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that")
        let missing = #expect(throws: XLSXReader.Unreadable.self) {
            try XLSXReader.sheets(try Self.workbook(sheet: "<row r=\"4\"><c/><c/><c t=\"s\"><v>7</v></c></row>"))
        }
        #expect(missing?.description.hasPrefix("sheet \"Plan\", row 4, cell C4: the cell refers to shared text number 7, but the workbook holds no shared text") == true, "\(missing?.description ?? "")")
    }

    /// A workbook of one sheet, "Plan", with the rows given, and shared text when given.
    static func workbook(sheet rows: String, shared: [String]? = nil) throws -> [UInt8] {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts = [
            DamagedWorkbook.Part(path: "xl/workbook.xml", data: Data("<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"Plan\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".utf8)),
            DamagedWorkbook.Part(path: "xl/_rels/workbook.xml.rels", data: Data(("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>").utf8)),
            DamagedWorkbook.Part(path: "xl/worksheets/sheet1.xml", data: Data("<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>".utf8)),
        ]
        if let shared {
            parts.append(DamagedWorkbook.Part(path: "xl/sharedStrings.xml", data: Data(("<sst xmlns=\"\(main)\">" + shared.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>").utf8)))
        }
        return try DamagedWorkbook.write(parts)
    }
}
