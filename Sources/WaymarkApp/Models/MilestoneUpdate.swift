import Fluent
import Foundation

/// A progress update on a milestone, as its lead officer (or the performance team) wrote it.
final class MilestoneUpdate: Model, @unchecked Sendable {
    static let schema = "milestone_updates"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "commentary") var commentary: String
    @OptionalField(key: "forecast_date") var forecastDate: String?
    @OptionalField(key: "completed_date") var completedDate: String?
    /// The status the update produced on the day it was made, as the author saw it.
    @Field(key: "status_after") var statusAfter: String
    @Field(key: "version_after") var versionAfter: Int

    // relationships
    @Parent(key: "milestone_id") var milestone: Milestone
    @Parent(key: "author_id") var author: User

    init() {}
}
