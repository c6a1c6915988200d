import Fluent
import Foundation
import WaymarkCore

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// Lower-cased; the sign-in name.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    @Field(key: "disabled") var disabled: Bool
    /// Set for a password someone else chose or saw (new accounts, resets): it must be changed
    /// before anything else is done.
    @Field(key: "must_change_password") var mustChangePassword: Bool

    // relationships
    /// The lead officer this account speaks for (lead officers only).
    @OptionalParent(key: "person_id") var person: Person?

    init() {}

    init(email: String, displayName: String, passwordHash: String, role: Role, personID: Int? = nil) {
        self.email = email.lowercased()
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        self.disabled = false
        self.mustChangePassword = false
        self.$person.id = personID
    }

    var access: UserAccess { UserAccess(role: role, personID: $person.id) }
}
