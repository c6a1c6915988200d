import Fluent
import Foundation

/// One case in a register. Its confidential notes are for the performance team and
/// administrators alone; everyone else who reads the plan sees its reference, title and stage.
final class RegisterItem: Model, @unchecked Sendable {
    static let schema = "register_items"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "reference") var reference: String
    @Field(key: "title") var title: String
    @Field(key: "received_on") var receivedOn: String
    @Field(key: "confidential_notes") var confidentialNotes: String

    // relationships
    @Parent(key: "register_id") var register: Register
    @Parent(key: "stage_id") var stage: RegisterStage
    @OptionalParent(key: "owner_id") var owner: Person?

    init() {}
}
