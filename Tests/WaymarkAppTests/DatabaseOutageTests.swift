import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import WaymarkApp

/// How a database that cannot be reached is answered and logged. The real outage (a PostgreSQL
/// stopped under a running server and started again) is in Tests/e2e/test_database_outage.py.
@Suite struct DatabaseOutageTests {
    @Test func connectionFailuresAreUnreachableAndOtherErrorsAreNot() {
        #expect(DatabaseFailure.isUnreachable(ConnectionPoolTimeoutError.connectionRequestTimeout))
        #expect(DatabaseFailure.isUnreachable(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(DatabaseFailure.isUnreachable(ChannelError.connectTimeout(.seconds(2))))
        #expect(!DatabaseFailure.isUnreachable(IOError(errnoCode: ENOENT, reason: "open")))
        #expect(!DatabaseFailure.isUnreachable(Abort(.notFound)))
        #expect(!DatabaseFailure.isUnreachable(ConnectionPoolError.shutdown))
        #expect(DatabaseFailure.reason(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "Connection refused")
        #expect(DatabaseFailure.reason(ConnectionPoolTimeoutError.connectionRequestTimeout) == "no connection to it became free within 10 seconds")
    }

    /// An attempt to connect gives up within three seconds, which is what bounds a request while
    /// PostgreSQL is away (the e2e outage test measures it). Waiting for a free connection while
    /// PostgreSQL is up but busy (a long import holding one) may take longer: that is not an outage.
    @Test func theConnectTimeoutAnswersWithinThreeSeconds() {
        #expect(DatabaseFailure.connectTimeout < .seconds(3))
        #expect(DatabaseFailure.poolTimeout > DatabaseFailure.connectTimeout)
    }

    @Test func serveWaitsForTheDatabaseAndOtherCommandsDoNot() throws {
        #expect(try DatabaseWait.seconds(for: "serve", environment: [:]) == 30)
        #expect(try DatabaseWait.seconds(for: "serve", environment: [DatabaseWait.variable: "5"]) == 5)
        #expect(try DatabaseWait.seconds(for: "serve", environment: [DatabaseWait.variable: "0"]) == 0)
        #expect(try DatabaseWait.seconds(for: "import", environment: [DatabaseWait.variable: "5"]) == 0)
        #expect(try DatabaseWait.seconds(for: "migrate", environment: [:]) == 0)
        #expect(throws: StartupError.self) { try DatabaseWait.seconds(for: "serve", environment: [DatabaseWait.variable: "soon"]) }
    }

    @Test func theShutdownGraceIsTenSecondsUnlessSetAndABadValueStopsStartUp() throws {
        #expect(try Settings(environment: [:]).shutdownGraceSeconds == 10)
        #expect(try Settings(environment: ["WAYMARK_SHUTDOWN_GRACE_SECONDS": "30"]).shutdownGraceSeconds == 30)
        #expect(throws: StartupError.self) { try Settings(environment: ["WAYMARK_SHUTDOWN_GRACE_SECONDS": "0"]) }
        #expect(throws: StartupError.self) { try Settings(environment: ["WAYMARK_SHUTDOWN_GRACE_SECONDS": "a minute"]) }
    }

    @Test func requestsAreAnswered503AsJSONAndAsAPage() async throws {
        try await withApp(.sqlite) { app in
            app.get("api", "v1", "outage") { _ -> String in throw IOError(errnoCode: ECONNREFUSED, reason: "connect") }
            app.get("outage") { _ -> String in throw IOError(errnoCode: ECONNREFUSED, reason: "connect") }
            // On the embedded database a wait for its connection is being busy, not an outage.
            app.get("api", "v1", "busy") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            let tester = try app.testing()
            let busy = try await tester.sendRequest(.GET, "/api/v1/busy")
            #expect(busy.status == .serviceUnavailable)
            #expect(try busy.content.decode(APIErrorBody.self).error.code == "busy")
            #expect(!app.databaseOutage.isDown)

            let json = try await tester.sendRequest(.GET, "/api/v1/outage")
            #expect(json.status == .serviceUnavailable)
            let body = try json.content.decode(APIErrorBody.self)
            #expect(body.error.code == "database_unavailable")
            #expect(body.error.message == "Waymark cannot reach its database at the moment. Try again in a minute.")
            #expect(json.headers.first(name: .retryAfter) == "60")

            let page = try await tester.sendRequest(.GET, "/outage")
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.string.contains("Sorry, the service is unavailable"))
            #expect(page.body.string.contains("Waymark cannot reach its database at the moment. Try again in a minute."))
            #expect(!page.body.string.contains("ECONNREFUSED"))
        }
    }

    @Test func anOutageIsLoggedOnceAndItsEndOnce() async throws {
        try await withApp(.sqlite) { app in
            let lines = CapturedLog()
            let logger = Logger(label: "test") { _ in lines }
            let outage = app.databaseOutage
            let failure = IOError(errnoCode: ECONNREFUSED, reason: "connect")
            for _ in 0..<5 { outage.failed(failure, requestStartedAt: .now, logger: logger) }
            #expect(outage.isDown)
            #expect(lines.messages.count == 1)
            #expect(lines.messages.first?.hasPrefix("database unavailable: Waymark cannot reach its database: Connection refused.") == true)

            // The database (SQLite here) answers, so the next request that succeeds ends the outage.
            let began = ContinuousClock.now
            outage.succeeded(on: app)
            let deadline = ContinuousClock.now + .seconds(5)
            while outage.isDown, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!outage.isDown)

            // A request that began before the database came back does not start a new outage.
            outage.failed(failure, requestStartedAt: began, logger: logger)
            #expect(!outage.isDown)
            #expect(lines.messages.count == 1)
            // One that begins afterwards does.
            outage.failed(failure, requestStartedAt: .now, logger: logger)
            #expect(outage.isDown)
            #expect(lines.messages.count == 2)
        }
    }

    @Test func thePoolsLinePerFailedRequestIsKeptForDebugging() {
        let lines = CapturedLog()
        var handler = WaymarkLogHandler(wrapping: lines)
        handler.logLevel = .info
        let logger = Logger(label: "test") { _ in handler }
        logger.error("Opening new connection for pool failed", metadata: ["error": "refused"])
        logger.error("Connection request timed out. This might indicate a connection deadlock in your application.")
        logger.error("database unavailable: Waymark cannot reach its database")
        #expect(lines.messages == ["database unavailable: Waymark cannot reach its database"])
    }
}

/// A log handler that keeps what it is given.
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NIOLock()
    private var kept: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { lock.withLock { kept } }

    func log(event: LogEvent) {
        lock.withLock { kept.append(event.message.description) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
