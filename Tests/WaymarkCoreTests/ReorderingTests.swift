import Testing
import WaymarkCore

@Suite struct ReorderingTests {
    @Test func swapsWithTheNeighbour() {
        #expect(Reordering.movingOne(3, up: true, in: [1, 2, 3]) == [1, 3, 2])
        #expect(Reordering.movingOne(1, up: false, in: [1, 2, 3]) == [2, 1, 3])
    }

    @Test func staysPutAtTheEndsOrWhenMissing() {
        #expect(Reordering.movingOne(1, up: true, in: [1, 2, 3]) == nil)
        #expect(Reordering.movingOne(3, up: false, in: [1, 2, 3]) == nil)
        #expect(Reordering.movingOne(9, up: true, in: [1, 2, 3]) == nil)
    }
}
