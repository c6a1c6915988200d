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

    /// A reviewer's first and last day of access, inclusive, in the council's time zone.
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_until") var validUntil: String?

    // relationships
    /// The lead officer this account speaks for (lead officers only).
    @OptionalParent(key: "person_id") var person: Person?
    /// The review a reviewer's account belongs to (reviewers only).
    @OptionalParent(key: "review_id") var review: Review?

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

    /// A reviewer's dates; nil for anyone else, or for a reviewer whose dates are missing, who
    /// is then refused everything.
    var reviewerWindow: ReviewerWindow? {
        guard let from = validFrom.flatMap({ CalendarDate(iso: $0) }), let until = validUntil.flatMap({ CalendarDate(iso: $0) }) else { return nil }
        return ReviewerWindow(validFrom: from, validUntil: until)
    }
}
