import Testing
@testable import WaymarkCore

/// CSV text cells kept from running as formulas in a spreadsheet, and read back exactly.
@Suite struct SpreadsheetTextTests {
    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("=1+1", "'=1+1"),
        ("-", "'-"),
        ("-Already started", "'-Already started"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("@user", "'@user"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("\r\nline", "'\r\nline"),
        // Already starting with ' before a trigger: one more, so restoring takes off exactly one.
        ("'=1+1", "''=1+1"),
        ("''-x", "'''-x"),
    ])
    func formulaLikeTextGetsOneApostrophe(text: String, written: String) {
        #expect(SpreadsheetText.neutralised(text) == written)
        #expect(SpreadsheetText.restored(written) == text)
    }

    @Test(arguments: ["", "Plain text", "1 = 1", " =not first", "May-18", "1.10", "'", "''", "'Tis the season", "O'Neill", "'a=b", "\u{A0}=x", "＝1+1"])
    func otherTextIsLeftAsItIs(text: String) {
        #expect(SpreadsheetText.neutralised(text) == text)
        #expect(SpreadsheetText.restored(text) == text)
    }

    /// A plan file typed by hand: an apostrophe before a formula-like text is taken to be the
    /// spreadsheet's "this is text" mark and taken off; any other apostrophe stays.
    @Test func restoringTakesOffOnlyTheMark() {
        #expect(SpreadsheetText.restored("'-Already started") == "-Already started")
        #expect(SpreadsheetText.restored("'@user") == "@user")
        #expect(SpreadsheetText.restored("'Tis") == "'Tis")
        #expect(SpreadsheetText.restored("''=x") == "'=x")
        #expect(SpreadsheetText.restored("'") == "'")
    }

    /// Numbers are not text cells: the CSV writers pass a number column's cells as they are, so
    /// a negative number is never given an apostrophe there. This is only the text rule.
    @Test func aNegativeNumberAsTextWouldBeMarked() {
        #expect(SpreadsheetText.neutralised("-3") == "'-3")
        #expect(SpreadsheetText.restored("'-3") == "-3")
    }

    /// Many generated strings, weighted to the characters that matter: the round trip is exact,
    /// scalar for scalar, and nothing neutralised starts with a trigger.
    @Test func theRoundTripIsExactForEveryString() {
        var random = SplitMix(seed: 0x5EED_CAFE)
        let alphabet: [String] = ["'", "'", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", " ", "\u{A0}", "a", "Z", "1", "\"", ",",
                                  "é", "e\u{301}", "\u{301}", "£", "–", "🇬🇧", "＝", "\u{0}"]
        var marked = 0
        for _ in 0..<20_000 {
            let length = Int(random.next() % 9)
            let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            let written = SpreadsheetText.neutralised(text)
            #expect(Array(SpreadsheetText.restored(written).unicodeScalars) == Array(text.unicodeScalars), "\(text.debugDescription)")
            if let first = written.utf8.first { #expect(!SpreadsheetText.triggers.contains(first), "\(text.debugDescription)") }
            if written != text {
                marked += 1
                #expect(written.unicodeScalars.count == text.unicodeScalars.count + 1 && written.hasPrefix("'"))
            } else {
                #expect(!SpreadsheetText.isMarked(text.utf8), "\(text.debugDescription)")
            }
        }
        #expect(marked > 2_000)  // the generator really does reach the interesting cases
    }

    /// Read through the CSV reader: a neutralised cell reads exactly as the cell before
    /// neutralising would have (trimming and all), and a plain one is not changed by restoring.
    @Test func theReaderReadsANeutralisedCellAsTheOriginal() {
        var random = SplitMix(seed: 42)
        let alphabet: [String] = ["'", "'", "=", "+", "-", "@", "\t", "\r", "\n", " ", "a", "\"", ",", ";", "é"]
        func quoted(_ text: String) -> String { "\"" + text.replacing("\"", with: "\"\"") + "\"" }
        for _ in 0..<5_000 {
            let cells = (0..<3).map { _ in (0..<Int(random.next() % 7)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined() }
            let original = Array((cells.map(quoted).joined(separator: ",") + "\n").utf8)
            let written = Array((cells.map { quoted(SpreadsheetText.neutralised($0)) }.joined(separator: ",") + "\n").utf8)
            let expected = DelimitedText.rows(original, delimiter: UInt8(ascii: ","), quoted: true)
            #expect(DelimitedText.rows(written, delimiter: UInt8(ascii: ","), quoted: true, restoringText: true) == expected, "\(cells)")
            if !cells.contains(where: { SpreadsheetText.isMarked($0.utf8) }) {
                #expect(DelimitedText.rows(original, delimiter: UInt8(ascii: ","), quoted: true, restoringText: true) == expected, "\(cells)")
            }
        }
    }

    @Test func aPlanTableReadsTheExportedTextBack() throws {
        let csv = """
            Area,Activity number,Activity,Key milestone,Lead officer,Deadline,Withdrawn reason
            Grants,1,Review,'=1+1,Jo Bloggs,May-18,
            Grants,1,Review,'-Already started,Jo Bloggs,May-18,
            Grants,1,Review,"''=HYPERLINK(""x"")",Jo Bloggs,May-18,
            Grants,1,Review,'Tis the season,Jo Bloggs,May-18,
            Grants,1,Review,Closed,Jo Bloggs,May-18,'@user asked
            """
        let (document, layout) = try PlanFileReader.read(Array(csv.utf8), today: CalendarDate(year: 2018, month: 1, day: 5))
        #expect(layout == .table)
        let milestones = document.areas[0].activities[0].milestones
        #expect(milestones.map(\.title) == ["=1+1", "-Already started", "'=HYPERLINK(\"x\")", "'Tis the season", "Closed"])
        #expect(milestones.last?.withdrawnReason == "@user asked")
    }

    /// Text copied out of Word is not a spreadsheet's CSV: its apostrophes are the author's.
    @Test func theWordLayoutKeepsItsApostrophes() {
        let cells = DelimitedText.rows(Array("'=1+1\t'-x\n".utf8), delimiter: UInt8(ascii: "\t"), quoted: false)
        #expect(cells.first?.cells == ["'=1+1", "'-x"])
    }
}

/// A small seeded generator, so a failure can be run again.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
