import Fluent
import Foundation

/// Directions given by the Secretary of State: when, what they require, and when they expire.
final class Direction: Model, @unchecked Sendable {
    static let schema = "directions"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "title") var title: String
    @Field(key: "given_on") var givenOn: String
    @OptionalField(key: "expires_on") var expiresOn: String?
    /// One requirement a line: "Quarterly update reports on the Improvement Plan".
    @Field(key: "requirements") var requirements: String

    // relationships
    @OptionalParent(key: "plan_id") var plan: Plan?

    init() {}
}
