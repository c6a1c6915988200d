import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How long a signed-in session lasts on the server (OWASP ASVS V7.3): it ends after `idle`
/// without a request, and `absolute` after signing in whatever happens. The cookie's own
/// lifetime is only a hint to the browser; these are enforced here.
struct SessionLifetime: Sendable, Equatable {
    var idle: TimeInterval
    var absolute: TimeInterval

    static let standard = SessionLifetime(idle: 30 * 60, absolute: 12 * 3600)
    /// "Last seen" is written back at most this often, so the idle timeout adds no write per page.
    static let seenResolution: TimeInterval = 60

    static let idleVariable = "WAYMARK_SESSION_IDLE_MINUTES"
    static let absoluteVariable = "WAYMARK_SESSION_MAX_HOURS"

    static func fromEnvironment(_ environment: [String: String]) throws -> SessionLifetime {
        var lifetime = standard
        if let text = environment[idleVariable], !text.isEmpty {
            guard let minutes = Double(text), minutes >= 1, minutes <= 24 * 60 else {
                throw StartupError("\(idleVariable): \"\(text)\" is not a number of minutes from 1 to 1440")
            }
            lifetime.idle = minutes * 60
        }
        if let text = environment[absoluteVariable], !text.isEmpty {
            guard let hours = Double(text), hours >= 1, hours <= 24 * 30 else {
                throw StartupError("\(absoluteVariable): \"\(text)\" is not a number of hours from 1 to 720")
            }
            lifetime.absolute = hours * 3600
        }
        return lifetime
    }

    enum Verdict: Equatable { case current, refresh, expired }

    /// What to do with a session signed in at `started` and last seen at `seen`.
    func verdict(started: TimeInterval?, seen: TimeInterval?, now: TimeInterval) -> Verdict {
        if let started, now - started > absolute { return .expired }
        if let seen, now - seen > idle { return .expired }
        guard started != nil, let seen else { return .refresh }
        // A short idle time (set for testing, say) is tracked more finely than once a minute.
        return now - seen >= min(Self.seenResolution, idle / 10) ? .refresh : .current
    }

    /// Signs `user` in on a fresh session, so a session id planted before sign-in is worthless.
    static func signIn(_ user: User, on request: Request) throws {
        request.session.id = nil
        request.session.data = SessionData()
        request.session.data["user_id"] = String(try user.requireID())
        begin(request)
        _ = CSRF.token(for: request)
    }

    /// Marks a session as signed in now.
    private static func begin(_ request: Request) {
        let now = String(request.application.now().timeIntervalSince1970)
        request.session.data["started_at"] = now
        request.session.data["seen_at"] = now
        // Shown to the person and administrators in the list of signed-in sessions.
        request.session.data["agent"] = String((request.headers.first(name: .userAgent) ?? "Unknown browser").prefix(200))
        request.session.data["address"] = request.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension Application {
    private struct LifetimeKey: StorageKey { typealias Value = SessionLifetime }
    private struct ClockKey: StorageKey { typealias Value = NIOLockedValueBox<@Sendable () -> Date> }

    var sessionLifetime: SessionLifetime {
        get { storage[LifetimeKey.self] ?? settings.sessionLifetime }
        set { storage[LifetimeKey.self] = newValue }
    }

    /// The time, as session rules see it; tests move it on.
    var now: @Sendable () -> Date {
        get { storage[ClockKey.self]?.withLockedValue { $0 } ?? { Date() } }
        set {
            if let box = storage[ClockKey.self] { box.withLockedValue { $0 = newValue } } else { storage[ClockKey.self] = .init(newValue) }
        }
    }
}
