import Fluent
import Foundation

/// An item moving from one stage to another on a day, by someone, with a note. The first move of
/// every item is its arrival (no `from`), so the stage on any past day can be read back.
final class RegisterMove: Model, @unchecked Sendable {
    static let schema = "register_moves"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "moved_on") var movedOn: String
    @Field(key: "moved_by") var movedBy: String
    @Field(key: "note") var note: String

    // relationships
    @Parent(key: "item_id") var item: RegisterItem
    @OptionalParent(key: "from_stage_id") var from: RegisterStage?
    @Parent(key: "to_stage_id") var to: RegisterStage

    init() {}
}
