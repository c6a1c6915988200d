import Fluent
import Foundation

/// A room the peer team uses on site: their base office, or an interview room.
final class ReviewRoom: Model, @unchecked Sendable {
    static let schema = "review_rooms"

    enum Purpose: String, Codable, CaseIterable, Sendable {
        case base, interview
        var label: String { self == .base ? "The team's base" : "Interview room" }
    }

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: Purpose

    // relationships
    @Parent(key: "review_id") var review: Review

    init() {}
}
