import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import WaymarkApp

/// What an operator relies on: a request id on every answer and error page, JSON log lines that
/// no message can break, and a readiness check that knows when migrations are missing.
@Suite struct OperationsTests {
    @Test func everyAnswerCarriesARequestIdAndErrorPagesShowIt() async throws {
        try await withApp(.sqlite) { app in
            let tester = try app.testing()
            let live = try await tester.sendRequest(.GET, "/health/live")
            let fresh = try #require(live.headers.first(name: "X-Request-Id"))
            #expect(UUID(uuidString: fresh) != nil)

            var proxied = HTTPHeaders()
            proxied.add(name: "X-Request-Id", value: "lb-7f3a.2026_12")
            #expect(try await tester.sendRequest(.GET, "/health/live", headers: proxied).headers.first(name: "X-Request-Id") == "lb-7f3a.2026_12")

            // An id a client made up to smuggle text into the logs is not kept.
            for hostile in ["<script>alert(1)</script>", String(repeating: "a", count: 200), "id with spaces"] {
                var headers = HTTPHeaders()
                headers.add(name: "X-Request-Id", value: hostile)
                let answer = try await tester.sendRequest(.GET, "/health/live", headers: headers)
                #expect(UUID(uuidString: answer.headers.first(name: "X-Request-Id") ?? "") != nil, "\(hostile.prefix(20))")
            }

            let missing = try await tester.sendRequest(.GET, "/no-such-page")
            let id = try #require(missing.headers.first(name: "X-Request-Id"))
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("Reference: <code>\(id)</code>"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func readinessKnowsWhenAMigrationIsMissing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let tester = try app.testing()
            let ready = try await tester.sendRequest(.GET, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains("\"status\":\"ok\"") && ready.body.string.contains("\"pending_migrations\":0"))
            let last = try #require(Migrations.all.last?.name)
            try await app.sql.raw("DELETE FROM _fluent_migrations WHERE name = \(bind: last)").run()
            let behind = try await tester.sendRequest(.GET, "/health/ready")
            #expect(behind.status == .serviceUnavailable)
            #expect(behind.body.string.contains("\"status\":\"migrations_pending\"") && behind.body.string.contains("\"pending_migrations\":1"))
        }
    }

    @Test func jsonLogLinesAreOneObjectEachWhateverTheMessage() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var handler = JSONLogHandler(label: "codes.vapor.application", level: .info) { line in lines.withLockedValue { $0.append(line) } }
        handler[metadataKey: "request-id"] = "abc-123"
        let logger = Logger(label: "test") { _ in handler }
        logger.warning("security: request refused (403): \"quoted\"\nsecond line\u{7}", metadata: ["user": "viewer@council.test"])
        logger.debug("not at this level")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "security: request refused (403): \"quoted\"\nsecond line\u{7}")
        let metadata = try #require(object["metadata"] as? [String: String])
        #expect(metadata == ["request-id": "abc-123", "user": "viewer@council.test"])
        #expect(try JSONLogHandler.format([:]) == "text")
        #expect(try JSONLogHandler.format(["WAYMARK_LOG_FORMAT": "JSON"]) == "json")
        #expect(throws: StartupError.self) { try JSONLogHandler.format(["WAYMARK_LOG_FORMAT": "xml"]) }
    }

    /// The crash-safety promise in the README: a write-ahead log, and every commit synced to it.
    @Test func theSQLiteFileIsWrittenAheadWithFullSync() async throws {
        try await withApp(.sqlite) { app in
            struct Mode: Decodable { var journal_mode: String }
            struct Sync: Decodable { var synchronous: Int }
            let mode = try await app.sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)
            let sync = try await app.sql.raw("PRAGMA synchronous").first(decoding: Sync.self)
            #expect(mode?.journal_mode == "wal")
            #expect(sync?.synchronous == 2)
        }
    }
}
