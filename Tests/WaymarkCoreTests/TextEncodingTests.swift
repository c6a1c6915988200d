import Testing
import WaymarkCore
import WaymarkTestSupport

/// Plan files in the encodings councils' software saves them in: UTF-8 with or without a
/// byte-order mark, Excel's "Unicode Text" (UTF-16LE with a byte-order mark, tab-separated), and
/// Windows-1252 from older Office; and a file that is not text at all.
@Suite struct TextEncodingTests {
    /// The table Excel saves as "Unicode Text": tab-separated, CRLF, a quoted cell holding a tab.
    static let table = "Area\tActivity\tKey milestone\tLead officer\tDeadline\r\n"
        + "Grants\t1. Review of grants\tSpend £5 – and no more – on the café’s sign\tJo Bloggs\tMay-18\r\n"
        + "Grants\t1. Review of grants\t\"Agree the £2,500 fund\twith the Board\"\tJo Bloggs\tJun-18\r\n"

    static func utf16(_ text: String, bigEndian: Bool, mark: Bool = true) -> [UInt8] {
        let units = (mark ? [0xFEFF] : []) + Array(text.utf16)
        return units.flatMap { unit in
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            return bigEndian ? [high, low] : [low, high]
        }
    }

    static func titles(_ document: PlanDocument) -> [String] {
        document.areas.flatMap(\.activities).flatMap(\.milestones).map(\.title)
    }

    @Test func readsExcelUnicodeTextInUTF16WithAByteOrderMark() throws {
        for bigEndian in [false, true] {
            let (document, layout) = try PlanFileReader.read(Self.utf16(Self.table, bigEndian: bigEndian))
            #expect(layout == .table)
            #expect(document.areas.map(\.name) == ["Grants"])
            #expect(Self.titles(document) == ["Spend £5 – and no more – on the café’s sign", "Agree the £2,500 fund with the Board"])
            #expect(document.people == ["Jo Bloggs"])
        }
    }

    @Test func readsTheDeliveryPlanSavedAsUTF16() throws {
        let utf8 = try Fixtures.bytes(Fixtures.shapedPlanName)
        let text = String(decoding: utf8, as: UTF8.self)
        let expected = try PlanFileReader.read(utf8)
        #expect(expected.document.milestoneCount == 115)
        for bigEndian in [false, true] {
            let read = try PlanFileReader.read(Self.utf16(text, bigEndian: bigEndian))
            #expect(read.layout == expected.layout)
            #expect(read.document == expected.document)
        }
    }

    @Test func readsUTF8WithAByteOrderMark() throws {
        let csv = "Area,Activity,Key milestone,Lead officer,Deadline\nGrants,1. Review of grants,Spend £5 – done,Jo Bloggs,May-18\n"
        let document = try PlanFileReader.read([0xEF, 0xBB, 0xBF] + Array(csv.utf8)).document
        #expect(Self.titles(document) == ["Spend £5 – done"])
        #expect(document.areas.map(\.name) == ["Grants"])
        // UTF-32 with its mark too, though no office program writes it.
        let utf32 = ([0xFEFF] + csv.unicodeScalars.map(\.value)).flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        #expect(DelimitedText.decodeText(utf32) == Array(csv.utf8))
    }

    @Test func readsWindows1252PoundsAccentsAndDashes() throws {
        var bytes = Array("Area,Activity,Key milestone,Lead officer,Deadline\nGrants,1. Review of grants,Spend ".utf8)
        bytes += [0xA3, 0x35, 0x20, 0x96, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x92, 0x73, 0x20, 0x97, 0x20]  // "£5 – café’s — " in Windows-1252
        bytes += Array("done,Ren".utf8) + [0xE9] + Array("e Dupr".utf8) + [0xE9] + Array(",May-18\n".utf8)
        let document = try PlanFileReader.read(bytes).document
        #expect(Self.titles(document) == ["Spend £5 – café’s — done"])
        #expect(document.people == ["Renée Dupré"])
    }

    @Test func aFileHoldingNULBytesIsRefusedAsNotText() throws {
        // UTF-16 without its byte-order mark is a NUL after every letter; so is much binary data.
        let unmarked = Self.utf16(Self.table, bigEndian: false, mark: false)
        let picture: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let nulOnLineThree = Array("Area,Activity,Key milestone,Lead officer,Deadline\nGrants,1. Review,A,Jo Bloggs,May-18\nGrants,1. Review,B\0,Jo Bloggs,May-18\n".utf8)
        for (bytes, line) in [(unmarked, 1), (picture, 3), (nulOnLineThree, 3)] {
            let failure = #expect(throws: ImportFailure.self) { try PlanFileReader.read(bytes) }
            #expect(failure?.problems == [ImportProblem(line: line, message: "this is not a text file: it holds NUL bytes (the first on line \(line)), as programs, pictures "
                + "and other binary files do; save the plan as CSV, as Unicode text or as an Excel workbook (.xlsx) and import that")])
            #expect(throws: DelimitedText.NotText(line: line)) { try DelimitedText.decode(bytes) }
        }
        // With its mark, the same UTF-16 is text.
        #expect(try DelimitedText.decode(Self.utf16(Self.table, bigEndian: false)) == Array(Self.table.utf8))
    }

    @Test func aUTF16FileCutShortByAByteEndsInAReplacementCharacter() {
        let cut = Array(Self.utf16("Area\tActivity", bigEndian: false).dropLast())
        #expect(String(decoding: DelimitedText.decodeText(cut), as: UTF8.self) == "Area\tActivit\u{FFFD}")
    }
}
