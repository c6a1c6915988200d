import Fluent
import WaymarkCore
import Foundation

final class Activity: Model, @unchecked Sendable {
    static let schema = "activities"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    /// Numbers run through the whole plan (1–26 in the 2017-18 plan), not per area.
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    /// The plan file's own reference ("2.3", "1)"), as written; nil for a plan numbered through.
    @OptionalField(key: "reference") var reference: String?

    /// What people call it: the file's reference, or Waymark's number.
    var label: String { References.activity(reference: reference, number: number) }

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "area_id") var area: Area
    @Children(for: \.$activity) var milestones: [Milestone]

    init() {}

    init(planID: Int, areaID: Int, number: Int, title: String) {
        self.$plan.id = planID
        self.$area.id = areaID
        self.number = number
        self.title = title
    }
}
