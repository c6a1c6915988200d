import Fluent
import NIOConcurrencyHelpers
import Foundation
import SQLKit
import Vapor
import WaymarkCore

/// Accounts: creating them, checking passwords, and holding back repeated failed sign-ins.
struct AccountService {
    let db: any Database
    /// Bcrypt work factor; tests lower it, production keeps the default.
    var bcryptCost: Int

    /// The work factor from the settings (`WAYMARK_BCRYPT_COST`).
    init(db: any Database, settings: Settings) { self.init(db: db, bcryptCost: settings.bcryptCost) }

    init(db: any Database, bcryptCost: Int) { (self.db, self.bcryptCost) = (db, bcryptCost) }

    /// After this many failures within 15 minutes, an account refuses sign-in until they pass.
    static let maxFailures = SignInThrottle.maxFailures

    enum SignInResult {
        case signedIn(User)
        /// The right password for an account that is switched off. The caller says why only
        /// when the reason is the person's own to know (a reviewer whose access has ended).
        case disabled(User)
        case wrongDetails
        case throttled(until: Date)
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<16).map { _ in alphabet.randomElement()! })
    }

    /// `oneTime`: the password was shown to someone other than its owner, so it must be changed at
    /// the first sign-in.
    func createUser(email: String, displayName: String, password: String, role: Role, personID: Int?, oneTime: Bool = true,
                    by actor: String) async throws -> WriteResult<User> {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        var errors: [FieldError] = []
        if role == .reviewer { errors.append(.init(field: "role", message: "A reviewer's account belongs to a review: give access from the review's page")) }
        if let long = TextLimit.name.problem(email, label: "Email address") { errors.append(.init(field: "email", message: long)) }
        if let long = TextLimit.name.problem(displayName, label: "Name") { errors.append(.init(field: "display_name", message: long)) }
        guard errors.isEmpty else { return .invalid(errors) }
        let taken = WriteResult<User>.invalid("email", "There is already an account for \(email)")
        let hash = try await Self.hash(password, cost: bcryptCost)
        do {
            return try await db.writeTransaction { tx in
                if try await User.query(on: tx).filter(\.$email == email).count() > 0 { return taken }
                let user = User(email: email, displayName: displayName, passwordHash: hash, role: role, personID: personID)
                user.mustChangePassword = oneTime
                try await user.create(on: tx)
                try await AuditLog.record(.init(actor: actor, action: "user.created", entity: "user", entityID: user.id, planID: nil,
                                                summary: "Created the \(role.label.lowercased()) account \(email)",
                                                after: AuditLog.json(["email": email, "role": role.rawValue, "person_id": personID.map(String.init) ?? ""])), on: tx)
                return .saved(user)
            }
        } catch let refused as WriteRefusal where refused.kind == .duplicate {
            // Someone made the same account a moment ago; the unique index kept it to one.
            return taken
        }
    }

    func resetPassword(email: String, by actor: String) async throws -> String {
        guard let user = try await User.query(on: db).filter(\.$email == email.lowercased()).first() else {
            throw WriteRefusal.notFound(saying: "there is no account \(email)")
        }
        return try await resetPassword(userID: user.requireID(), by: actor).password
    }

    /// The attempt is counted before the password is checked, in one write, so fifty guesses sent
    /// at once are counted as fifty: only the first `maxFailures` are ever checked. A success clears
    /// the count. An unknown account is checked against a dummy hash, so the time taken does not
    /// tell which email addresses have accounts.
    func signIn(email: String, password: String, now: Date = Date()) async throws -> SignInResult {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        if let until = try await SignInThrottle.count(email, now: now, on: db) { return .throttled(until: until) }
        let user = try await User.query(on: db).filter(\.$email == email).first()
        let hash: String
        if let user { hash = user.passwordHash } else { hash = try await Self.dummyHash(cost: bcryptCost) }
        let matches = try await Self.verify(password, hash: hash)
        guard let user, matches else { return .wrongDetails }
        if user.disabled { return .disabled(user) }
        try await SignInThrottle.clear(email, on: db)
        return .signedIn(user)
    }

    /// A hash of nothing anyone can type, made once per cost, for checking unknown accounts.
    static func dummyHash(cost: Int) async throws -> String {
        if let made = DummyHashes.shared.withLockedValue({ $0[cost] }) { return made }
        let made = try await hash(UUID().uuidString + UUID().uuidString, cost: cost)
        DummyHashes.shared.withLockedValue { $0[cost] = made }
        return made
    }

    // Bcrypt is deliberately slow; keep it off the event loop threads that serve requests.
    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// On a first start with no accounts, makes an administrator and returns its one-time password.
    func bootstrapAdministrator() async throws -> String? {
        guard try await User.query(on: db).count() == 0 else { return nil }
        let password = Self.randomPassword()
        guard case .saved = try await createUser(email: "admin", displayName: "Administrator", password: password, role: .admin, personID: nil,
                                                 by: "first start") else { return nil }
        return password
    }
}

private enum DummyHashes {
    static let shared = NIOLockedValueBox<[Int: String]>([:])
}
