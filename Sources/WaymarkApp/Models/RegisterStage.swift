import Fluent

/// A stage of a register ("Received", "Investigating", "Closed"), in order; `closes` marks the
/// stages where an item counts as closed.
final class RegisterStage: Model, @unchecked Sendable {
    static let schema = "register_stages"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "closes") var closes: Bool

    // relationships
    @Parent(key: "register_id") var register: Register

    init() {}
}
