import Testing
import WaymarkTestSupport
@testable import WaymarkCore

/// The real Best Value Improvement Plan 2017-18, read exactly. It sits outside the repository, so
/// these run only where the papers are found; `ShapedDeliveryPlanTests` covers the same reading
/// rules on a fictional plan of the same shape everywhere else.
@Suite(.enabled(if: Seeds.isAvailable, Comment(rawValue: Seeds.skipReason)))
struct SeedPaperTests {
    @Test func readsTheRealPlanExactly() throws {
        let (document, layout) = try PlanFileReader.read(try Seeds.bytes(Seeds.deliveryPlanName))
        #expect(layout == .deliveryPlan)
        #expect(document.title == "Best Value Improvement Plan 2017-18")
        #expect(document.areas.map(\.name) == ["Elections", "Communications", "Property", "Grants", "Organisational Culture"])
        #expect(document.activityCount == 26)
        #expect(document.areas.map(\.activities.count) == [2, 2, 5, 6, 11])
        #expect(document.milestoneCount == 115)
        #expect(document.areas.map { $0.activities.reduce(0) { $0 + $1.milestones.count } } == [21, 9, 13, 23, 49])
        #expect(document.people.count == 18)
        #expect(document.people.contains("Kelly Powell") && !document.people.contains("Kelly"))
        let milestones = document.areas.flatMap { $0.activities.flatMap(\.milestones) }
        #expect(milestones.filter { $0.deadline.kind == .noFixedDate }.count == 2)
        #expect(milestones.filter { $0.deadline.kind == .openEnded }.count == 1)
        #expect(milestones.first?.line == 38)
    }

    /// The fixture keeps the paper's deadlines and lead structure, so it is a fair stand-in.
    @Test func theFixtureHasThePapersShape() throws {
        let real = try PlanFileReader.read(try Seeds.bytes(Seeds.deliveryPlanName)).document
        let shaped = try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document
        func shape(_ d: PlanDocument) -> [[String]] {
            d.areas.flatMap { $0.activities.map { a in a.milestones.map { "\($0.deadline.written)|\($0.leads.count)" } } }
        }
        #expect(shape(real) == shape(shaped))
        #expect(real.areas.map(\.name) == shaped.areas.map(\.name))
    }
}
