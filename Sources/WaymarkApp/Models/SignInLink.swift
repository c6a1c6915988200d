import Fluent
import Foundation

/// A one-time sign-in link sent by email: for a new account, a reset, or a forgotten password.
/// Only the SHA-256 of its token is stored; it works once, within its lifetime.
final class SignInLink: Model, @unchecked Sendable {
    static let schema = "sign_in_links"

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "user_id") var user: User

    enum Purpose: String, Codable, Sendable {
        case newAccount = "new_account"
        case reset
        case forgotten
    }

    init() {}
}
