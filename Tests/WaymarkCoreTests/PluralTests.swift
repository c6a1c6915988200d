import Testing
import WaymarkCore

@Suite struct PluralTests {
    @Test func countsTakeTheRightNumber() {
        #expect(Plural.count(0, "milestone") == "0 milestones")
        #expect(Plural.count(1, "milestone") == "1 milestone")
        #expect(Plural.count(115, "milestone") == "115 milestones")
        #expect(Plural.count(1, "activity") == "1 activity")
        #expect(Plural.count(26, "activity") == "26 activities")
        #expect(Plural.count(2, "day") == "2 days")
        #expect(Plural.count(3, "box") == "3 boxes")
        #expect(Plural.count(2, "new lead officer") == "2 new lead officers")
        #expect(Plural.count(4, "person", plural: "people") == "4 people")
        #expect(Plural.noun(1, "area") == "area" && Plural.noun(5, "area") == "areas")
    }
}
