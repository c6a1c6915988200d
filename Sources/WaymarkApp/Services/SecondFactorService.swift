import Crypto
import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Two-step sign-in with an authenticator app (RFC 6238) and one-time recovery codes.
///
/// A code is accepted once: its step is claimed by one conditional update, so the same code
/// sent twice at once, or seen over someone's shoulder and typed again, signs in once. Attempts
/// at codes are counted per account before any is checked, as passwords are.
struct SecondFactorService {
    let db: any Database
    var now: Date = Date()

    static let recoveryCodeCount = 10
    /// A secret shown for setting up is offered again on reload for this long, then replaced.
    static let pendingLifetime: TimeInterval = 3600

    struct Status: Sendable {
        var isOn = false
        var recoveryCodesLeft = 0
    }

    enum CheckResult: Equatable {
        case accepted(usedRecoveryCode: Bool)
        case wrong
        case throttled(until: Date)
    }

    func status(of userID: Int) async throws -> Status {
        struct Row: Decodable { var on: Int; var left: Int }
        let row = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM second_factors WHERE user_id = \(bind: userID) AND secret IS NOT NULL) AS "on",
                   (SELECT COUNT(*) FROM recovery_codes WHERE user_id = \(bind: userID) AND used_at IS NULL) AS "left"
            """).first(decoding: Row.self)
        return Status(isOn: (row?.on ?? 0) > 0, recoveryCodesLeft: row?.left ?? 0)
    }

    /// The secret to show for setting up: the one shown in the last hour, or a new one.
    func pendingSecret(for user: User) async throws -> [UInt8] {
        let userID = try user.requireID()
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            try await RowGuards.lock(name: "second-factor-\(userID)", on: tx)
            struct Row: Decodable { var pending_secret: String?; var pending_since: Double? }
            let row = try await sql.raw("SELECT pending_secret, pending_since FROM second_factors WHERE user_id = \(bind: userID)").first(decoding: Row.self)
            if let text = row?.pending_secret, let since = row?.pending_since, now.timeIntervalSince1970 - since < Self.pendingLifetime,
               let secret = Base32.decode(text) {
                return secret
            }
            let secret = TOTP.newSecret()
            try await sql.raw("""
                INSERT INTO second_factors (user_id, pending_secret, pending_since, last_step) VALUES (\(bind: userID), \(bind: Base32.encode(secret)), \(bind: now.timeIntervalSince1970), 0)
                ON CONFLICT (user_id) DO UPDATE SET pending_secret = excluded.pending_secret, pending_since = excluded.pending_since
                """).run()
            return secret
        }
    }

    /// Confirms the secret being set up with a code from the app; it replaces any earlier one.
    /// Returns new recovery codes, to be shown once. Every other session of the account ends.
    /// Moving two steps that are already on to a new app also needs the password, so a session
    /// left open cannot take the second factor over.
    func confirm(_ user: User, code: String, password: String? = nil, keepingSession sessionKey: String?) async throws -> WriteResult<[String]> {
        let userID = try user.requireID()
        if try await status(of: userID).isOn {
            guard let password, !password.isEmpty else { return .invalid("current_password", "Enter your password") }
            guard try await AccountService.verify(password, hash: user.passwordHash) else { return .invalid("current_password", "Your password is not right") }
        }
        if let until = try await SignInThrottle.count("second-factor:\(userID)", now: now, on: db) {
            return .invalid("code", "There have been too many wrong codes. Try again in \(Self.minutes(until: until, now: now))")
        }
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            try await RowGuards.lock(name: "second-factor-\(userID)", on: tx)
            struct Row: Decodable { var pending_secret: String?; var secret: String? }
            let row = try await sql.raw("SELECT pending_secret, secret FROM second_factors WHERE user_id = \(bind: userID)").first(decoding: Row.self)
            guard let pending = row?.pending_secret.flatMap(Base32.decode) else {
                return .invalid("code", "Start again: the key to add to your app has expired")
            }
            guard let step = TOTP(secret: pending).matchingCounter(code, at: now) else {
                return .invalid("code", Self.wrongCodeMessage(code))
            }
            try await sql.raw("""
                UPDATE second_factors SET secret = pending_secret, pending_secret = NULL, pending_since = NULL,
                  confirmed_at = \(bind: now.timeIntervalSince1970), last_step = \(bind: step) WHERE user_id = \(bind: userID)
                """).run()
            let codes = try await Self.replaceRecoveryCodes(of: userID, on: sql)
            try await AccountService.endSessions(of: userID, keeping: sessionKey, on: sql)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: row?.secret == nil ? "user.second_factor_on" : "user.second_factor_moved",
                                            entity: "user", entityID: userID, planID: nil,
                                            summary: row?.secret == nil ? "\(user.email) turned on two-step sign-in" : "\(user.email) moved two-step sign-in to a new app"), on: tx)
            try await SignInThrottle.clear("second-factor:\(userID)", on: tx)
            return .saved(codes)
        }
    }

    /// Checks a code from the app, or a recovery code, at sign-in.
    func check(_ userID: Int, typed: String) async throws -> CheckResult {
        if let until = try await SignInThrottle.count("second-factor:\(userID)", now: now, on: db) { return .throttled(until: until) }
        struct Secret: Decodable { var secret: String? }
        let row = try await sql.raw("SELECT secret FROM second_factors WHERE user_id = \(bind: userID)").first(decoding: Secret.self)
        guard let secret = row?.secret.flatMap(Base32.decode) else { return .wrong }
        if let step = TOTP(secret: secret).matchingCounter(typed, at: now) {
            struct Claimed: Decodable { var user_id: Int }
            let claimed = try await db.writeTransaction { tx in
                try await tx.sql.raw("""
                    UPDATE second_factors SET last_step = \(bind: step) WHERE user_id = \(bind: userID) AND last_step < \(bind: step) RETURNING user_id
                    """).all(decoding: Claimed.self)
            }
            guard claimed.count == 1 else { return .wrong }
            try await SignInThrottle.clear("second-factor:\(userID)", on: db)
            return .accepted(usedRecoveryCode: false)
        }
        guard let hash = Self.recoveryHash(typed) else { return .wrong }
        let used = try await db.writeTransaction { tx -> Bool in
            struct Used: Decodable { var id: Int }
            let rows = try await tx.sql.raw("""
                UPDATE recovery_codes SET used_at = \(bind: now.timeIntervalSince1970)
                WHERE user_id = \(bind: userID) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING id
                """).all(decoding: Used.self)
            guard rows.count == 1, let user = try await User.find(userID, on: tx) else { return false }
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "user.recovery_code_used", entity: "user", entityID: userID,
                                            planID: nil, summary: "\(user.email) signed in with a recovery code"), on: tx)
            return true
        }
        guard used else { return .wrong }
        try await SignInThrottle.clear("second-factor:\(userID)", on: db)
        return .accepted(usedRecoveryCode: true)
    }

    /// Turns two-step sign-in off: by its owner with their password (not when their role
    /// requires it), or by an administrator for someone who has lost their phone. Every session of
    /// the account but the owner's own ends.
    func turnOff(for target: User, by actor: User, password: String?, keepingSession sessionKey: String?) async throws -> WriteResult<Void> {
        let targetID = try target.requireID()
        let byOwner = try actor.requireID() == targetID
        guard byOwner || actor.access.may(.manageUsers) else { throw WriteRefusal.forbidden() }
        if byOwner {
            if try await SecondFactorSettings.isRequired(for: target.role, on: db) {
                return .invalid("password", "Your role needs two-step sign-in, so it cannot be turned off. You can move it to a new app instead")
            }
            guard let password, !password.isEmpty else { return .invalid("password", "Enter your password") }
            guard try await AccountService.verify(password, hash: target.passwordHash) else { return .invalid("password", "Your password is not right") }
        }
        return try await db.writeTransaction { tx in
            let sql = tx.sql
            try await sql.delete(from: "second_factors").where("user_id", .equal, targetID).run()
            try await sql.delete(from: "recovery_codes").where("user_id", .equal, targetID).run()
            try await AccountService.endSessions(of: targetID, keeping: byOwner ? sessionKey : nil, on: sql)
            try await AuditLog.record(.init(actor: AuditLog.actor(actor), action: "user.second_factor_off", entity: "user", entityID: targetID, planID: nil,
                                            summary: byOwner ? "\(target.email) turned off two-step sign-in" : "Turned off two-step sign-in for \(target.email)"), on: tx)
            return .saved(())
        }
    }

    /// New recovery codes, after a code from the app shows it is the owner asking.
    func newRecoveryCodes(for user: User, code: String) async throws -> WriteResult<[String]> {
        let userID = try user.requireID()
        switch try await check(userID, typed: code) {
        case .throttled(let until): return .invalid("code", "There have been too many wrong codes. Try again in \(Self.minutes(until: until, now: now))")
        case .wrong: return .invalid("code", Self.wrongCodeMessage(code))
        case .accepted: break
        }
        return try await db.writeTransaction { tx in
            let codes = try await Self.replaceRecoveryCodes(of: userID, on: tx.sql)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "user.recovery_codes_made", entity: "user", entityID: userID,
                                            planID: nil, summary: "\(user.email) made new recovery codes"), on: tx)
            return .saved(codes)
        }
    }

    // MARK: Helpers

    private var sql: any SQLDatabase { db.sql }

    static func replaceRecoveryCodes(of userID: Int, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.delete(from: "recovery_codes").where("user_id", .equal, userID).run()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        while codes.count < recoveryCodeCount {
            // 16 of 31 characters: about 79 bits, too many to try against a copied database.
            let letters = Array((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
            let code = stride(from: 0, to: 16, by: 4).map { String(letters[$0..<$0 + 4]) }.joined(separator: "-")
            guard !codes.contains(code), let hash = recoveryHash(code) else { continue }
            try await sql.insert(into: "recovery_codes").columns("user_id", "code_hash").values(SQLBind(userID), SQLBind(hash)).run()
            codes.append(code)
        }
        return codes
    }

    /// Codes are compared without case, spaces or hyphens, as people copy them by hand.
    static func recoveryHash(_ typed: String) -> String? {
        let plain = typed.lowercased().filter { $0.isLetter || $0.isNumber }
        guard plain.count == 16 else { return nil }
        return SHA256.hash(data: Data(plain.utf8)).hexEncoded
    }

    static func wrongCodeMessage(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespaces).isEmpty ? "Enter the code from your authenticator app"
            : "The code is not right. Enter the 6-digit code your app shows now"
    }

    static func minutes(until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return Plural.count(minutes, "minute")
    }
}
