import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// A start-up problem said in one line, naming what to change.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum Waymark {
    /// Sets up the database, migrations, commands and routes, and prepares the database at once
    /// as `command` would (for tests and embedding; the `waymark` executable uses
    /// ``configureCommandLine(_:environment:)``, which leaves that to the command).
    ///
    /// - Parameter command: the command being run ("serve", "import", …). A fresh SQLite file is
    ///   migrated on first use so that the README's first command works in an empty folder; any
    ///   other unmigrated database stops with a message asking for `waymark migrate`.
    ///
    /// - Parameter settings: by default, read from this process's environment.
    public static func configure(_ app: Application, location: DatabaseLocation, command: String?, settings: Settings? = nil) async throws {
        try useDatabase(location, on: app)
        try await setUp(app, settings: try settings ?? Settings(environment: ProcessInfo.processInfo.environment), database: .success(location))

        // Help and the route list need no database.
        let needsNoDatabase = ["--help", "-h", "routes"].contains(command ?? "") || app.environment.arguments.contains("--help")
        guard !needsNoDatabase else { return }
        try await prepareDatabase(app, for: command ?? "serve", booted: false)
    }

    /// Sets up the `waymark` executable without touching the database: each command that needs it
    /// opens it (creating or migrating a new SQLite file) when it runs, after its options have been
    /// read, so a mistyped command, a bad option or `--help` leaves no database behind. A
    /// malformed `WAYMARK_DATABASE_URL` is reported by the first command that needs the database.
    public static func configureCommandLine(_ app: Application, settings: Settings) async throws {
        let database = Result { () throws -> DatabaseLocation in
            let location = try settings.databaseLocation()
            try useDatabase(location, on: app)
            return location
        }
        try await setUp(app, settings: settings, database: database)
    }

    private struct DatabaseKey: StorageKey { typealias Value = Result<DatabaseLocation, any Error> }

    private static func setUp(_ app: Application, settings: Settings, database: Result<DatabaseLocation, any Error>) async throws {
        app.settings = settings
        AsOf.use(settings.timeZone)
        app.packPDFs = PackPDFs(settings: settings)
        app.storage[DatabaseKey.self] = database
        WaymarkMetrics.bootstrapOnce()
        app.storage[Application.DatabaseOutageKey.self] = DatabaseOutage()
        app.migrations.add(Migrations.all)
        app.fluent.migrationLogLevel = .debug
        await Commands.register(on: app)
        try Routes.register(on: app)
        try app.configureMail()
    }

    /// Makes the database ready for `command`: reachable (`serve` waits for it; see
    /// ``DatabaseWait``), and migrated unless the command is `migrate` itself; for `serve`, the
    /// first administrator and the reminder schedule too.
    ///
    /// - Parameter booted: whether the application has booted already, so that the reminder
    ///   schedule must be started here rather than by the application's boot.
    static func prepareDatabase(_ app: Application, for command: String, booted: Bool) async throws {
        guard let database = app.storage[DatabaseKey.self] else {
            throw StartupError("Waymark is not configured: call Waymark.configure first")
        }
        let location = try database.get()
        try await waitUntilReachable(app, location: location, waitSeconds: DatabaseWait.seconds(for: command, settings: app.settings))
        if command != "migrate" {
            try await prepareSchema(app, location: location)
        }
        if command == "serve" {
            app.http.server.configuration.shutdownTimeout = .seconds(Int64(app.settings.shutdownGraceSeconds))
            try await announceFirstAdministrator(app)
            let schedule = ReminderSchedule()
            app.lifecycle.use(schedule)
            if booted { try schedule.didBoot(app) }
            if let backups = try ScheduledBackups.from(settings: app.settings) {
                app.lifecycle.use(backups)
                if booted { try backups.didBoot(app) }
            }
        }
    }

    /// `id` names a second database beside the default one (`copy-data`'s target, a backup).
    static func useDatabase(_ location: DatabaseLocation, on app: Application, as id: DatabaseID? = nil) throws {
        switch location {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StartupError("\(DatabaseLocation.variable): the folder \(folder) for the SQLite file \(path) does not exist")
            }
            // One connection per event loop (the driver's own rule for SQLite): a request waits its
            // turn behind a long import on its loop rather than being refused after 10 s.
            app.databases.use(.sqlite(.init(storage: .file(path: path), enableForeignKeys: true), connectionPoolTimeout: .seconds(30),
                                      sqlLogLevel: .debug), as: id ?? .sqlite, isDefault: id == nil ? nil : false)
        case .postgres(let url):
            var configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StartupError("\(DatabaseLocation.variable): \"\(DatabaseLocation.redacted(url))\" is not a PostgreSQL URL Waymark can use (\(error))")
            }
            // Short timeouts, so that while PostgreSQL is away a request is answered 503 within
            // three seconds instead of waiting (see DatabaseFailure).
            configuration.coreConfiguration.options.connectTimeout = DatabaseFailure.connectTimeout
            if id == nil { app.stuckRequestWatch = StuckRequestWatch(probe: configuration.coreConfiguration) }
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 8,
                                        connectionPoolTimeout: DatabaseFailure.poolTimeout, sqlLogLevel: .debug), as: id ?? .psql, isDefault: id == nil ? nil : false)
        }
    }

    /// A new installation has no accounts; make the first administrator and print its password once.
    static func announceFirstAdministrator(_ app: Application) async throws {
        guard let password = try await AccountService(db: app.db, settings: app.settings).bootstrapAdministrator() else { return }
        // Written straight to the file descriptor: a log file or pipe must show it at once, not at exit.
        FileHandle.standardOutput.write(Data("""

        ┌──────────────────────────────────────────────────────────────┐
          Waymark created the first administrator account.
          Sign in as:  admin
          Password:    \(password)
          This is shown once. Sign in with it and choose your own
          password, then add people's accounts under Users.
          `waymark reset-password --email admin` makes a new one.
        └──────────────────────────────────────────────────────────────┘

        """.utf8))
    }

    /// Opens the database once, which for PostgreSQL means reaching the server. `serve` waits up
    /// to `waitSeconds` for a server that cannot be reached, trying again every two seconds and
    /// saying so in the log; a server that answers with a refusal (a wrong password, no such
    /// database) is not waited for.
    static func waitUntilReachable(_ app: Application, location: DatabaseLocation, waitSeconds: Int) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(waitSeconds)
        var waiting = false
        while true {
            do {
                try await checkReachable(app.db, location: location)
                if waiting { app.logger.notice("Reached the database (\(location)); starting") }
                return
            } catch {
                let worthWaiting: Bool
                if case .postgres = location { worthWaiting = DatabaseFailure.isUnreachable(error) } else { worthWaiting = false }
                guard worthWaiting, clock.now < deadline else {
                    let waited = waiting ? "; waited \(waitSeconds == 1 ? "1 second" : "\(waitSeconds) seconds") for it (\(DatabaseWait.variable) sets how long)" : ""
                    throw StartupError("\(DatabaseLocation.variable): cannot open the \(location): \(DatabaseFailure.reason(error))\(waited)")
                }
                if !waiting {
                    app.logger.warning("Cannot reach the database (\(location)): \(DatabaseFailure.reason(error)). Trying again every 2 seconds for up to \(waitSeconds == 1 ? "1 second" : "\(waitSeconds) seconds") (\(DatabaseWait.variable))")
                    waiting = true
                }
                try await Task.sleep(until: min(clock.now + DatabaseWait.interval, deadline), clock: clock)
            }
        }
    }

    static func checkReachable(_ db: any Database, location: DatabaseLocation) async throws {
        let sql = db.sql
        if case .sqlite = location {
            // WAL lets readers carry on while an import writes; it is a property of the file.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        } else {
            try await sql.raw("SELECT 1").run()
        }
    }

    static func prepareSchema(_ app: Application, location: DatabaseLocation) async throws {
        let sql = app.db.sql
        let fresh: Bool
        do {
            try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").run()
            fresh = false
        } catch {
            fresh = true
        }
        if fresh, case .sqlite = location {
            app.logger.notice("Setting up a new Waymark database in \(location)")
            try await app.autoMigrate()
            return
        }
        let pending = fresh ? Migrations.all.count : try await app.migrator.previewPrepareBatch().get().count
        if pending > 0 {
            throw StartupError("the database (\(location)) needs \(pending) migration(s): run `waymark migrate` first")
        }
    }
}
