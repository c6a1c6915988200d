import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// The real databases every data-layer test runs against. PostgreSQL comes from
/// WAYMARK_TEST_POSTGRES_URL, which `scripts/test` sets after starting a scratch server.
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresAdminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["WAYMARK_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw TestSetupError("WAYMARK_TEST_POSTGRES_URL is not set: run ./scripts/test, which starts PostgreSQL for the tests")
            }
            return url
        }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with an application on a new, empty, migrated database of `kind`, and removes
/// the database afterwards. Each test gets its own, so tests can run in parallel.
func withApp(_ kind: TestDatabase, _ body: (Application) async throws -> Void) async throws {
    try await withApps(kind, count: 1) { try await body($0[0]) }
}

/// Two applications on one database, as two Waymark servers would share it.
func withTwoApps(_ kind: TestDatabase, _ body: (Application, Application) async throws -> Void) async throws {
    try await withApps(kind, count: 2) { try await body($0[0], $0[1]) }
}

/// At most four PostgreSQL tests hold their databases at once. Swift Testing starts every test
/// together, and hundreds of new PostgreSQL connections at once kept a busy 2-core machine past
/// Waymark's 2-second connect timeout (a full run failed 14 tests so), which no test is about.
private actor PostgresSlots {
    private var free = 4
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

private let postgresSlots = PostgresSlots()

private func withApps(_ kind: TestDatabase, count: Int, _ body: ([Application]) async throws -> Void) async throws {
    guard kind == .postgres else { return try await withAppsInSlot(kind, count: count, body) }
    await postgresSlots.acquire()
    do {
        try await withAppsInSlot(kind, count: count, body)
    } catch {
        await postgresSlots.release()
        throw error
    }
    await postgresSlots.release()
}

private func withAppsInSlot(_ kind: TestDatabase, count: Int, _ body: ([Application]) async throws -> Void) async throws {
    let name = "waymark_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    let location: DatabaseLocation
    switch kind {
    case .sqlite:
        location = .sqlite(path: NSTemporaryDirectory() + name + ".sqlite")
    case .postgres:
        let admin = try TestDatabase.postgresAdminURL
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: admin)!
        components.path = "/" + name
        location = .postgres(url: components.string!)
    }
    var apps: [Application] = []
    var failure: (any Error)?
    do {
        for index in 0..<count {
            _ = quietLogs
            let app = try await Application.make(.testing)
            apps.append(app)
            try await Waymark.configure(app, location: location, command: "migrate")
            // Tests see each publication and withdrawal at once; `PublicCacheTests` tries the wait.
            app.storage[Application.PublicCacheKey.self] = PublicServing.Cache(freshness: 0)
            if index == 0 { try await app.autoMigrate() }
        }
        try await body(apps)
    } catch {
        failure = error
    }
    for app in apps { try await app.asyncShutdown() }
    switch location {
    case .sqlite(let path):
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    case .postgres:
        try await runAdmin(try TestDatabase.postgresAdminURL, "DROP DATABASE IF EXISTS \(name)")
    }
    if let failure { throw failure }
}

func runAdmin(_ url: String, _ statement: String) async throws {
    // Waymark connects with a short timeout so an outage is answered fast; on a machine the whole
    // suite keeps busy, one connection may miss it, which is not what any test is about.
    for attempt in 1...3 {
        let admin = try await Application.make(.testing)
        do {
            try Waymark.useDatabase(.postgres(url: url), on: admin)
            try await (admin.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
            try await admin.asyncShutdown()
            return
        } catch where attempt < 3 && DatabaseFailure.isTimeout(error) {
            try await admin.asyncShutdown()
        } catch {
            try await admin.asyncShutdown()
            throw error
        }
    }
}

extension Application {
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func count(_ table: String) async throws -> Int {
        struct Row: Decodable { var n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Row.self)!.n
    }
}

/// Imports the fictional plan shaped like the 2017-18 delivery plan, as a council officer would.
@discardableResult
func importSeedPlan(_ app: Application, into plan: String? = nil) async throws -> PlanImportService.Outcome {
    let document = try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document
    return try await PlanImportService(db: app.db, actor: "test").run(document, planReference: plan, fileName: Fixtures.shapedPlanName)
}

/// Every sign-in and reminder run is logged at info; across 300 tests that buries the one line a
/// failure needs. Warnings and errors still show; `LOG_LEVEL=info swift test` brings back the rest.
private let quietLogs: Void = {
    let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}()
