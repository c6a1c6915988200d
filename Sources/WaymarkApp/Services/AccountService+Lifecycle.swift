import Fluent
import Foundation
import FluentSQL
import SQLKit
import Vapor
import WaymarkCore

/// The life of an account after it is made: role and lead officer, resets, disabling, one's own
/// password, and one-time sign-in links. Each write is one transaction with its audit record.
extension AccountService {
    func update(userID: Int, role: Role, personID: Int?, by actor: String) async throws -> WriteResult<User> {
        if role == .reviewer { return .invalid("role", "A reviewer's account belongs to a review: give access from the review's page") }
        if role == .leadOfficer && personID == nil {
            return .invalid("person_id", "Select the lead officer this account updates milestones for")
        }
        return try await db.writeTransaction { tx in
            let user = try await Self.lockedUser(userID, on: tx)
            if let personID, try await Person.find(personID, on: tx) == nil {
                return .invalid("person_id", "Select a lead officer from the list")
            }
            if user.role == .reviewer { return .invalid("role", "A reviewer's account stays a reviewer's: end its access from the review's page") }
            if let lastOne = try await Self.lastAdministrator(changing: user, toRole: role, disabling: false, on: tx) { return .invalid([lastOne]) }
            let before = AuditLog.json(["role": user.role.rawValue, "person_id": user.$person.id.map(String.init) ?? ""])
            let roleChanged = user.role != role
            user.role = role
            user.$person.id = role == .leadOfficer ? personID : nil
            try await user.save(on: tx)
            if roleChanged {
                // What the account may do has changed: its sessions and tokens, made under the old
                // role, end with it, and it signs in afresh.
                try await Self.endSessions(of: userID, keeping: nil, on: tx.sql)
                try await tx.sql.delete(from: "api_tokens").where("user_id", .equal, userID).run()
            }
            try await AuditLog.record(.init(actor: actor, action: "user.updated", entity: "user", entityID: userID, planID: nil,
                                            summary: "Changed the account \(user.email) to \(role.label.lowercased())",
                                            before: before,
                                            after: AuditLog.json(["role": role.rawValue, "person_id": user.$person.id.map(String.init) ?? ""])), on: tx)
            return .saved(user)
        }
    }

    /// Disabling revokes: the account's sessions, API tokens and unused sign-in links are deleted,
    /// so re-enabling brings none of them back. Nothing the audit trail points to is removed.
    func setDisabled(userID: Int, _ disabled: Bool, by actor: String) async throws -> WriteResult<User> {
        try await db.writeTransaction { tx in
            let user = try await Self.lockedUser(userID, on: tx)
            guard user.disabled != disabled else { return .saved(user) }
            if disabled, let lastOne = try await Self.lastAdministrator(changing: user, toRole: user.role, disabling: true, on: tx) {
                return .invalid([lastOne])
            }
            user.disabled = disabled
            try await user.save(on: tx)
            let sql = tx.sql
            // On re-enabling too: a session or token made in the moment the account was being
            // disabled must not come back with it.
            try await Self.endSessions(of: userID, keeping: nil, on: sql)
            try await sql.delete(from: "api_tokens").where("user_id", .equal, userID).run()
            try await sql.delete(from: "sign_in_links").where("user_id", .equal, userID).run()
            try await AuditLog.record(.init(actor: actor, action: disabled ? "user.disabled" : "user.enabled", entity: "user", entityID: userID,
                                            planID: nil,
                                            summary: disabled ? "Disabled the account \(user.email); its sessions and API tokens were revoked"
                                                              : "Re-enabled the account \(user.email)"), on: tx)
            return .saved(user)
        }
    }

    /// A new one-time password, which must be changed at the next sign-in. Every session of the
    /// account ends.
    func resetPassword(userID: Int, by actor: String) async throws -> (user: User, password: String) {
        let password = Self.randomPassword()
        let hash = try await Self.hash(password, cost: bcryptCost)
        let user = try await db.writeTransaction { tx in
            let user = try await Self.lockedUser(userID, on: tx)
            user.passwordHash = hash
            user.mustChangePassword = true
            try await user.save(on: tx)
            let sql = tx.sql
            try await Self.endSessions(of: userID, keeping: nil, on: sql)
            // Tokens were made by whoever held the old password; they go with it.
            try await sql.delete(from: "api_tokens").where("user_id", .equal, userID).run()
            try await sql.delete(from: "sign_in_attempts").where("email", .equal, user.email).run()
            try await AuditLog.record(.init(actor: actor, action: "user.password_reset", entity: "user", entityID: userID, planID: nil,
                                            summary: "Reset the password of \(user.email)"), on: tx)
            return user
        }
        return (user, password)
    }

    /// The person's own change: the current password is required, and every other session of the
    /// account ends while the one in use (`keeping`) stays.
    func changeOwnPassword(userID: Int, current: String, new: String, confirmation: String, keeping sessionKey: String?) async throws -> WriteResult<Void> {
        let user = try await Self.existingUser(userID, on: db)
        guard try await Self.verify(current, hash: user.passwordHash) else { return .invalid("current_password", "Your current password is not right") }
        if let problem = PasswordPolicy.problem(with: new, account: user.email, name: user.displayName) { return .invalid("new_password", problem) }
        if new == current { return .invalid("new_password", "Your new password must be different from your current one") }
        if new != confirmation { return .invalid("confirm_password", "The passwords do not match") }
        try await setPassword(new, of: userID, keeping: sessionKey, action: "user.password_changed",
                              summary: "\(user.email) changed their password", actor: AuditLog.actor(user))
        return .saved
    }

    func setPassword(_ password: String, of userID: Int, keeping sessionKey: String?, action: String, summary: String, actor: String) async throws {
        let hash = try await Self.hash(password, cost: bcryptCost)
        try await db.writeTransaction { tx in
            let user = try await Self.lockedUser(userID, on: tx)
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: tx)
            try await Self.endSessions(of: userID, keeping: sessionKey, on: tx.sql)
            try await AuditLog.record(.init(actor: actor, action: action, entity: "user", entityID: userID, planID: nil, summary: summary), on: tx)
        }
    }

    // MARK: One-time sign-in links

    /// Returns the link's token, which is never stored. Earlier unused links of the account stop working.
    func issueSignInLink(for userID: Int, purpose: SignInLink.Purpose, by actor: String, now: Date = Date()) async throws -> String {
        let token = (0..<32).map { _ in UInt8.random(in: 0...255) }.hexEncoded
        // A reset must stop the old password at once, not when the link is used: it may be the
        // very thing that was stolen.
        let unusable = purpose == .forgotten ? nil : try await Self.hash(Self.randomPassword() + Self.randomPassword(), cost: bcryptCost)
        try await db.writeTransaction { tx in
            let user = try await Self.lockedUser(userID, on: tx)
            let sql = tx.sql
            // Asking for a link oneself replaces only one's earlier such links, so nobody who
            // merely knows the address can cancel an administrator's reset or new-account link.
            var earlier = sql.delete(from: "sign_in_links").where("user_id", .equal, userID).where("used_at", .is, SQLLiteral.null)
            if purpose == .forgotten { earlier = earlier.where("purpose", .equal, SignInLink.Purpose.forgotten.rawValue) }
            try await earlier.run()
            let link = SignInLink()
            link.$user.id = userID
            link.tokenHash = APITokenService.digest(token)
            link.purpose = purpose
            link.expiresAt = now.addingTimeInterval(AccountRules.signInLinkLifetimeSeconds)
            try await link.create(on: tx)
            if let unusable {
                user.passwordHash = unusable
                user.mustChangePassword = true
                try await user.save(on: tx)
                try await Self.endSessions(of: userID, keeping: nil, on: sql)
                try await sql.delete(from: "api_tokens").where("user_id", .equal, userID).run()
            }
            try await AuditLog.record(.init(actor: actor, action: "user.sign_in_link_sent", entity: "user", entityID: userID, planID: nil,
                                            summary: "Sent a one-time sign-in link to \(user.email)"), on: tx)
        }
        return token
    }

    /// The account a link signs in, if the link is unused, unexpired and its account enabled.
    func signInLinkUser(token: String, now: Date = Date()) async throws -> User? {
        guard let link = try await SignInLink.query(on: db).filter(\.$tokenHash == APITokenService.digest(token)).with(\.$user).first(),
              link.usedAt == nil, link.expiresAt > now, !link.user.disabled else { return nil }
        return link.user
    }

    /// Uses the link once and sets the password chosen with it. The link is spent by a conditional
    /// update, so two presses of the button at once cannot both succeed.
    func redeemSignInLink(token: String, password: String, confirmation: String, now: Date = Date()) async throws -> WriteResult<User> {
        guard let user = try await signInLinkUser(token: token, now: now) else { throw WriteRefusal.notFound("sign-in link") }
        if let problem = PasswordPolicy.problem(with: password, account: user.email, name: user.displayName) { return .invalid("new_password", problem) }
        if password != confirmation { return .invalid("confirm_password", "The passwords do not match") }
        let hash = try await Self.hash(password, cost: bcryptCost)
        let userID = try user.requireID()
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            struct Spent: Decodable { var id: Int }
            let spent = try await sql.update("sign_in_links").set("used_at", to: SQLBind(now))
                .where("token_hash", .equal, APITokenService.digest(token)).where("used_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(now))
                .returning("id").all(decoding: Spent.self)
            guard spent.count == 1 else { throw WriteRefusal.notFound("sign-in link") }
            let user = try await Self.lockedUser(userID, on: tx)
            guard !user.disabled else { throw WriteRefusal.notFound("sign-in link") }
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: tx)
            try await Self.endSessions(of: userID, keeping: nil, on: sql)
            try await sql.delete(from: "sign_in_attempts").where("email", .equal, user.email).run()
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "user.password_changed", entity: "user", entityID: userID,
                                            planID: nil, summary: "\(user.email) chose a password with a one-time sign-in link"), on: tx)
            return .saved(user)
        }
    }

    // MARK: Helpers

    /// Deletes the account's sessions from the shared session table, so every server sees it at once.
    static func endSessions(of userID: Int, keeping sessionKey: String?, on sql: any SQLDatabase) async throws {
        let owner = SignedInSessions.owner(sql)
        if let sessionKey {
            try await sql.raw("DELETE FROM _fluent_sessions WHERE \(unsafeRaw: owner) = \(bind: userID) AND key <> \(bind: sessionKey)").run()
        } else {
            try await sql.raw("DELETE FROM _fluent_sessions WHERE \(unsafeRaw: owner) = \(bind: userID)").run()
        }
    }

    static func existingUser(_ id: Int, on db: any Database) async throws -> User {
        guard let user = try await User.find(id, on: db) else { throw Abort(.notFound, reason: "There is no such account.") }
        return user
    }

    /// The row, locked for this transaction on PostgreSQL so two administrators' changes queue.
    static func lockedUser(_ id: Int, on tx: any Database) async throws -> User {
        let sql = tx.sql
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let row = try await sql.raw("SELECT * FROM users WHERE id = \(bind: id)\(unsafeRaw: lock)").first() else {
            throw Abort(.notFound, reason: "There is no such account.")
        }
        return try row.decode(fluentModel: User.self)
    }

    /// Somebody must always be able to manage accounts. The enabled administrators are locked
    /// first on PostgreSQL, so two demotions at once cannot leave none.
    static func lastAdministrator(changing user: User, toRole role: Role, disabling: Bool, on tx: any Database) async throws -> FieldError? {
        guard user.role == .admin, !user.disabled else { return nil }
        let sql = tx.sql
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        struct Row: Decodable { var id: Int }
        let admins = try await sql.raw("SELECT id FROM users WHERE role = 'admin' AND disabled = \(bind: false)\(unsafeRaw: lock)").all(decoding: Row.self)
        if !AccountRules.leavesAnAdministrator(enabledAdministrators: admins.count, changingAnAdministrator: true,
                                               toAdministrator: role == .admin, disabling: disabling) {
            return FieldError(field: disabling ? "disable" : "role", message: "This is the only enabled administrator: make another administrator first")
        }
        return nil
    }
}
