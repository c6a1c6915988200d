import Testing
@testable import WaymarkCore

@Suite struct TextLimitTests {
    @Test func sayWhatAndByHowMuch() {
        #expect(TextLimit.title.problem(String(repeating: "x", count: 500), label: "Milestone") == nil)
        #expect(TextLimit.title.problem(String(repeating: "x", count: 2_000_000), label: "Milestone")
                == "Milestone must be 500 characters or fewer (it has 2,000,000)")
        #expect(TextLimit.text.problem(String(repeating: "é", count: 10_001), label: "Progress commentary")
                == "Progress commentary must be 10,000 characters or fewer (it has 10,001)")
        #expect(TextLimit.name.maximum < TextLimit.title.maximum)
    }
}
