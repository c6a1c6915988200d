import Fluent
import Foundation

final class Activity: Model, @unchecked Sendable {
    static let schema = "activities"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    /// Numbers run through the whole plan (1–26 in the 2017-18 plan), not per area.
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String

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
