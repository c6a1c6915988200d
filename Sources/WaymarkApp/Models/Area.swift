import Fluent
import Foundation

final class Area: Model, @unchecked Sendable {
    static let schema = "areas"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @Children(for: \.$area) var activities: [Activity]

    init() {}

    init(planID: Int, name: String, position: Int) {
        self.$plan.id = planID
        self.name = name
        self.position = position
    }
}
