import Fluent
import Foundation

/// A lead officer. One record per person across all plans, matched by name.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "name") var name: String
    /// Lower-cased, single-spaced name, so "kelly  powell" and "Kelly Powell" are one person.
    @Field(key: "name_key") var nameKey: String
    @OptionalField(key: "job_title") var jobTitle: String?
    @OptionalField(key: "email") var email: String?

    init() {}

    init(name: String, nameKey: String) {
        self.name = name
        self.nameKey = nameKey
    }
}
