import Fluent
import Foundation

/// Joins a milestone to each of its lead officers; joint leads are common.
final class MilestoneLead: Model, @unchecked Sendable {
    static let schema = "milestone_leads"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    /// Keeps leads in the order the plan lists them.
    @Field(key: "position") var position: Int

    // relationships
    @Parent(key: "milestone_id") var milestone: Milestone
    @Parent(key: "person_id") var person: Person

    init() {}
}
