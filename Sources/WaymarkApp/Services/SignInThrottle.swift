import Fluent
import Foundation
import SQLKit

/// Counts attempts at something guessable (a password for an address, a code for an account)
/// in `sign_in_attempts`, one row per key. One statement counts this attempt and reads the
/// count, so attempts sent together are each counted before any is checked, however many there are.
enum SignInThrottle {
    /// After this many attempts within `window`, the key refuses more until the window passes.
    static let maxFailures = 5
    static let window: TimeInterval = 15 * 60

    /// Counts an attempt; the time until which the key is refused, when it has had too many.
    static func count(_ key: String, now: Date, on db: any Database) async throws -> Date? {
        let moment = now.timeIntervalSince1970
        let since = moment - window
        struct Row: Decodable { var attempts: Int; var window_started: Double }
        let counted = try await db.writeTransaction { tx in
            try await tx.sql.raw("""
                INSERT INTO sign_in_attempts (email, window_started, attempts) VALUES (\(bind: key), \(bind: moment), 1)
                ON CONFLICT (email) DO UPDATE SET
                  attempts = CASE WHEN sign_in_attempts.window_started <= \(bind: since) THEN 1 ELSE sign_in_attempts.attempts + 1 END,
                  window_started = CASE WHEN sign_in_attempts.window_started <= \(bind: since) THEN \(bind: moment) ELSE sign_in_attempts.window_started END
                RETURNING attempts, window_started
                """).first(decoding: Row.self)
        }
        guard let counted, counted.attempts > maxFailures else { return nil }
        return Date(timeIntervalSince1970: counted.window_started + window)
    }

    /// Forgets the key's attempts after a success.
    static func clear(_ key: String, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            try await tx.sql.delete(from: "sign_in_attempts").where("email", .equal, key).run()
        }
    }
}
