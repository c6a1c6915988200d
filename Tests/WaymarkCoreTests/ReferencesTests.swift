import Testing
@testable import WaymarkCore

/// References as the list shows them, and hex as digests are stored: both are worked out for
/// every row of every list, so they were rewritten for speed and must still say the same.
@Suite struct ReferencesTests {
    @Test(arguments: [
        ("2.3", 7, "2.3"), ("4)", 7, "4"), ("4.", 7, "4"), (" 1.2.3 ", 7, "1.2.3"), ("12.).", 7, "12"),
        (")", 7, "7"), ("", 7, "7"), ("   ", 7, "7"), ("A1", 7, "A1"), ("É2.", 7, "É2"), ("(a)", 7, "(a"),
    ])
    func activityReferencesLoseOnlyTheirTrailingMarks(reference: String, number: Int, shown: String) {
        #expect(References.activity(reference: reference, number: number) == shown)
    }

    @Test func activitiesWithoutAReferenceShowTheirNumber() {
        #expect(References.activity(reference: nil, number: 12) == "12")
    }

    @Test func milestonesShowTheirOwnReferenceOrTheActivitysAndTheirPosition() {
        #expect(References.milestone(own: " 3a ", activityReference: "2.3", activityNumber: 5, position: 1) == "3a")
        #expect(References.milestone(own: "  ", activityReference: "2.3)", activityNumber: 5, position: 4) == "2.3.4")
        #expect(References.milestone(own: nil, activityReference: nil, activityNumber: 5, position: 4) == "5.4")
    }

    @Test func hexIsLowerCaseTwoDigitsABytes() {
        #expect([UInt8]([0x00, 0x0f, 0xa5, 0xff, 0x10]).hexEncoded == "000fa5ff10")
        #expect([UInt8]().hexEncoded == "")
        #expect((0...255).map { UInt8($0) }.hexEncoded.count == 512)
    }
}
