import Testing
@testable import WaymarkCore

/// Titles, names and short codes are one line, with no control character; commentary may have
/// line breaks and tabs but no other control character. The message names the field and says
/// where the character is.
@Suite struct SingleLineTextTests {
    @Test func singleLineKindsRefuseEveryControlCharacter() {
        #expect(TextLimit.title.problem("Agree the new constitution", label: "Milestone") == nil)
        #expect(TextLimit.title.problem("Café – “quoted” 🚀 text", label: "Milestone") == nil)
        #expect(TextLimit.title.problem("Plan\r\nBcc: evil@example.com", label: "Milestone")
                == "Milestone must be on one line, without tabs, line breaks or other control characters (character 5 is a line break)")
        #expect(TextLimit.name.problem("Lucy\u{0}Marsh", label: "Name")
                == "Name must be on one line, without tabs, line breaks or other control characters (character 5 is the control character U+0000)")
        #expect(TextLimit.short.problem("May-18\t", label: "Deadline")
                == "Deadline must be on one line, without tabs, line breaks or other control characters (character 7 is a tab)")
        for character in ["\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}"] {
            for kind in [TextLimit.title, .name, .short] {
                #expect(kind.problem("a\(character)b", label: "Field") != nil, "\(kind) accepted U+\(String(character.unicodeScalars.first!.value, radix: 16))")
            }
        }
        // Printable characters beside the C1 range are fine: U+00A0 and U+00A9 share its lead byte.
        #expect(TextLimit.title.problem("a\u{A0}b © c", label: "Milestone") == nil)
    }

    @Test func textAllowsLineBreaksAndTabsButNoOtherControl() {
        #expect(TextLimit.text.problem("Booked the hall\nTraining next\tweek\r\nDone", label: "Progress commentary") == nil)
        #expect(TextLimit.text.problem("Line\u{2028}separated", label: "Progress commentary") == nil)
        #expect(TextLimit.text.problem("Done\u{1B}[31m", label: "Progress commentary")
                == "Progress commentary must not contain control characters other than line breaks and tabs (character 5 is the control character U+001B)")
        #expect(TextLimit.text.problem("a\u{0}", label: "Your comment") != nil)
        #expect(TextLimit.text.problem("a\u{85}", label: "Your comment") != nil)
    }

    @Test func lengthIsToldFirstAndPositionsCountCharacters() {
        let long = String(repeating: "x", count: 501) + "\n"
        #expect(TextLimit.title.problem(long, label: "Milestone") == "Milestone must be 500 characters or fewer (it has 502)")
        // "é" written as e + combining accent is one character, and so is CR LF.
        #expect(TextLimit.title.problem("Cafe\u{301}\r\nx", label: "Milestone")?.hasSuffix("(character 5 is a line break)") == true)
        #expect(TextLimit.refusedCharacter(in: "plain", singleLine: true) == nil)
    }

    @Test func importsSayWhichLineAndCellAndReadNothing() throws {
        let csv = "area,activity,milestone,lead,deadline\nGrants,1 Review,Fine,Jo Bloggs,May-18\n"
            + "Grants,1 Review,\"Two\nlines\",Jo Bloggs,May-18\nGrants,1 Review,Esc\u{1B}here,Jo Bloggs,May-18\n"
            + "Grants\u{1B},1 Review,Other,Jo Bloggs,May-18\n"
        #expect {
            _ = try PlanFileReader.read(Array(csv.utf8))
        } throws: { error in
            let problems = try #require(error as? ImportFailure).problems
            // A line break typed inside the cell (line 3) is read as a space; an escape is refused.
            return !problems.contains { $0.line == 3 }
                && problems.contains { $0.line == 5 && $0.field == "milestone" && $0.message.hasSuffix("(character 4 is the control character U+001B)") }
                && problems.contains { $0.line == 6 && $0.field == "area" }
        }
    }

    /// A text file with a NUL is refused whole as not text; a workbook's cells can still hold one.
    @Test func aWorkbookCellWithANulIsRefused() throws {
        let rows = [TextRow(line: 1, cells: ["Area", "Activity", "Milestone", "Lead", "Deadline"]),
                    TextRow(line: 2, cells: ["Grants", "1 Review", "Nul\u{0}here", "Jo Bloggs", "May-18"])]
        #expect {
            _ = try PlanFileReader.read(tableRows: rows)
        } throws: { error in
            try #require(error as? ImportFailure).problems.contains { $0.line == 2 && $0.field == "milestone" && $0.message.hasSuffix("(character 4 is the control character U+0000)") }
        }
    }

    @Test func jointLeadsOneALineStillImport() throws {
        let csv = "area,activity,milestone,lead,deadline\nGrants,1 Review,Fine,\"Jo Bloggs\nAnn Smith\",May-18\n"
        let document = try PlanFileReader.read(Array(csv.utf8)).document
        #expect(document.areas[0].activities[0].milestones[0].leads == ["Jo Bloggs", "Ann Smith"])
        let escape = "area,activity,milestone,lead,deadline\nGrants,1 Review,Fine,\"Jo\u{1B}Bloggs\nAnn Smith\",May-18\n"
        #expect(throws: ImportFailure.self) { _ = try PlanFileReader.read(Array(escape.utf8)) }
    }
}
