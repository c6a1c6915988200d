import Fluent
import Foundation

/// A meeting of a board on a day, with its agenda.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    /// ISO day, as milestone dates are stored.
    @Field(key: "held_on") var heldOn: String
    @Field(key: "title") var title: String

    // relationships
    @Parent(key: "board_id") var board: Board

    init() {}
}
