import FluentPostgresDriver
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import Vapor

/// How long Waymark waits for PostgreSQL while it is away, and how the failures read.
///
/// A request that needs the database while it cannot be reached fails when its attempt to
/// connect does, within ``connectTimeout``, so it is answered 503 well within three seconds. As
/// soon as the server answers again the next request connects afresh: nothing needs restarting.
/// ``poolTimeout`` is longer: waiting for a free connection while PostgreSQL is up but busy (ten
/// imports at once, each holding one) is not an outage, and must not be answered as one.
public enum DatabaseFailure {
    /// How long one attempt to connect to PostgreSQL may take.
    public static let connectTimeout: TimeAmount = .seconds(2)
    /// How long a request waits for a free connection, while all are in use, before it is answered 503.
    public static let poolTimeout: TimeAmount = .seconds(10)

    /// The error means the database could not be reached (refused, dropped, timed out, shutting
    /// down or starting up), not that the request was wrong.
    public static func isUnreachable(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionPoolTimeoutError, is DatabaseAway:
            return true
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown:
                return true
            case .server:
                // Class 08 is a connection exception; 57P01-57P03 are the server shutting down,
                // crashing or still starting up.
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return error.underlying.map(isUnreachable) ?? false
            }
        case is NIOConnectionError:
            return true
        case let error as IOError:
            return [ECONNREFUSED, ECONNRESET, ECONNABORTED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EPIPE].contains(error.errnoCode)
        case let error as ChannelError:
            switch error {
            case .connectTimeout, .ioOnClosedChannel, .alreadyClosed, .eof: return true
            default: return false
            }
        default:
            return false
        }
    }

    /// The attempt to connect ran out of time, rather than being refused: on a machine short of
    /// CPU that can happen with the database up.
    public static func isTimeout(_ error: any Error) -> Bool {
        switch error {
        case let error as ChannelError:
            if case .connectTimeout = error { return true }
            return false
        case let error as PSQLError:
            return error.underlying.map(isTimeout) ?? false
        case let error as NIOConnectionError:
            return error.connectionErrors.contains { isTimeout($0.error) }
        case let error as IOError:
            return error.errnoCode == ETIMEDOUT
        default:
            return false
        }
    }

    /// The failure in a few words for a log line or a message, without the driver's internals.
    public static func reason(_ error: any Error) -> String {
        switch error {
        case is DatabaseAway:
            return "it was already found to be away and has not answered since"
        case is ConnectionPoolTimeoutError:
            return "no connection to it became free within \(seconds(poolTimeout)) seconds"
        case let error as PSQLError:
            switch error.code {
            case .connectionError:
                return "no connection could be made (\(error.underlying.map(reason) ?? "no reason given"))"
            case .serverClosedConnection, .uncleanShutdown:
                return "the database server closed the connection"
            case .server:
                return error.serverInfo?[.message] ?? String(reflecting: error)
            default:
                // Such as clientClosedConnection, whose reason is the error beneath it.
                return error.underlying.map(reason) ?? String(String(reflecting: error).prefix(300))
            }
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "the name \(error.host) could not be looked up (\(dns))" }
            return error.connectionErrors.first.map { reason($0.error) } ?? "nothing answered at \(error.host):\(error.port)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            if case .connectTimeout(let time) = error { return "the server did not answer within \(seconds(time)) seconds" }
            return "the connection was closed"
        default:
            return String(String(reflecting: error).prefix(300))
        }
    }

    static func seconds(_ time: TimeAmount) -> String {
        let value = Double(time.nanoseconds) / 1_000_000_000
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// How long `waymark serve` waits for a database it cannot reach at start-up, from
/// `WAYMARK_DATABASE_WAIT_SECONDS` (30 by default). Every other command fails at once.
public enum DatabaseWait {
    public static let variable = "WAYMARK_DATABASE_WAIT_SECONDS"
    public static let defaultSeconds = 30
    /// How often it tries again while waiting.
    static let interval: Duration = .seconds(2)

    public static func seconds(for command: String, settings: Settings) -> Int {
        command == "serve" ? settings.databaseWaitSeconds : 0
    }

    /// As `seconds(for:settings:)`, from variables as given.
    public static func seconds(for command: String, environment: [String: String]) throws -> Int {
        seconds(for: command, settings: try Settings(environment: environment))
    }
}

/// A request refused at once because the database is known to be away (see `DatabaseOutageGate`).
struct DatabaseAway: Error {}

/// While an outage is on record, requests are answered 503 at once instead of queueing for
/// connections that will not come (behind a queue of failing attempts a request would otherwise
/// wait out the pool's whole timeout). A check runs in the background at most once a second, and
/// requests go through again as soon as the database answers it.
struct DatabaseOutageGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let outage = request.application.databaseOutage
        // /metrics still answers, to say the database is down (waymark_db_up 0).
        if outage.isDown, !request.url.path.hasPrefix("/assets/"), request.url.path != "/health/live", request.url.path != "/metrics" {
            outage.succeeded(on: request.application)
            throw DatabaseAway()
        }
        guard let watch = request.application.stuckRequestWatch, request.url.path != "/health/live", request.url.path != "/metrics" else {
            return try await next.respond(to: request)
        }
        return try await watch.race(request) { try await next.respond(to: request) }
    }
}

/// Notices when the database goes away while serving and when it comes back, and logs each once
/// per outage rather than once per request.
final class DatabaseOutage: Sendable {
    private struct State {
        var down = false
        var since: ContinuousClock.Instant?
        var refused = 0
        var recoveredAt: ContinuousClock.Instant?
        var probing = false
        var lastProbe: ContinuousClock.Instant?
    }

    private let state = NIOLockedValueBox(State())

    var isDown: Bool { state.withLockedValue { $0.down } }

    /// A request that began at `started` could not reach the database.
    func failed(_ error: any Error, requestStartedAt started: ContinuousClock.Instant, logger: Logger) {
        let first = state.withLockedValue { state -> Bool in
            // A request that began before the database came back belongs to the outage that ended.
            if let recovered = state.recoveredAt, started < recovered { return false }
            state.refused += 1
            guard !state.down else { return false }
            state.down = true
            state.since = .now
            state.refused = 1
            return true
        }
        if first {
            logger.error("database unavailable: Waymark cannot reach its database: \(DatabaseFailure.reason(error)). Requests that need it are answered 503 until it returns.")
        }
    }

    /// A request was answered without a database failure. While an outage is on record, checks
    /// (one at a time, at most once a second, without delaying the answer) whether the database
    /// is back, and says so once.
    func succeeded(on app: Application) {
        let probe = state.withLockedValue { state -> Bool in
            guard state.down, !state.probing else { return false }
            if let last = state.lastProbe, ContinuousClock.now - last < .seconds(1) { return false }
            state.probing = true
            state.lastProbe = .now
            return true
        }
        guard probe else { return }
        Task {
            do {
                try await app.db.sql.raw("SELECT 1").run()
                let (since, refused) = state.withLockedValue { state -> (ContinuousClock.Instant?, Int) in
                    defer {
                        state.down = false
                        state.probing = false
                        state.recoveredAt = .now
                        state.since = nil
                        state.refused = 0
                    }
                    return (state.since, state.refused)
                }
                let duration = since.map { ContinuousClock.now - $0 }.map { " after \(Int($0.components.seconds)) seconds" } ?? ""
                app.logger.notice("database available again\(duration); \(refused) request(s) were answered 503 meanwhile")
            } catch {
                state.withLockedValue { $0.probing = false }
            }
        }
    }
}

extension Application {
    struct DatabaseOutageKey: StorageKey { typealias Value = DatabaseOutage }

    /// Set once by `Waymark.configure`, before any request arrives.
    var databaseOutage: DatabaseOutage {
        if let existing = storage[DatabaseOutageKey.self] { return existing }
        let outage = DatabaseOutage()
        storage[DatabaseOutageKey.self] = outage
        return outage
    }
}

/// Waymark's log handler: the wrapped one, except that the connection pool's own line for every
/// failed connection attempt and every request that timed out waiting is kept for debugging.
/// While the database is away, ``DatabaseOutage`` says so once instead of once per request.
public struct WaymarkLogHandler: LogHandler {
    private var base: any LogHandler

    static let perRequestPoolMessages = ["Opening new connection for pool failed", "Connection request timed out"]

    public init(wrapping base: any LogHandler) { self.base = base }

    public func log(event: LogEvent) {
        var event = event
        if event.level > .debug, Self.perRequestPoolMessages.contains(where: { event.message.description.hasPrefix($0) }) {
            guard base.logLevel <= .debug else { return }
            event.level = .debug
        }
        base.log(event: event)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }
}
