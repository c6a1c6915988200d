import Fluent
import Foundation

/// A register of cases the Board follows beside a plan or one of its areas, such as the Clear Up
/// Project's allegations.
final class Register: Model, @unchecked Sendable {
    static let schema = "registers"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String

    // relationships
    @Parent(key: "plan_id") var plan: Plan
    @OptionalParent(key: "area_id") var area: Area?
    @Children(for: \.$register) var stages: [RegisterStage]

    init() {}
}
