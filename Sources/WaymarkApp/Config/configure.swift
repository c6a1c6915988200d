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
    /// Sets up the database, migrations, commands and routes.
    ///
    /// - Parameter command: the command being run ("serve", "import", …). A fresh SQLite file is
    ///   migrated on first use so that the README's first command works in an empty folder; any
    ///   other unmigrated database stops with a message asking for `waymark migrate`.
    public static func configure(_ app: Application, location: DatabaseLocation, command: String?) async throws {
        try useDatabase(location, on: app)
        app.migrations.add(Migrations.all)
        app.fluent.migrationLogLevel = .debug
        Commands.register(on: app)
        try Routes.register(on: app)
        try app.configureMail()

        // Help and the route list need no database, so a bad URL must not stand in their way.
        let needsNoDatabase = ["--help", "-h", "routes"].contains(command ?? "") || app.environment.arguments.contains("--help")
        guard !needsNoDatabase else { return }
        try await checkReachable(app.db, location: location)
        if command != "migrate" {
            try await prepareSchema(app, location: location)
        }
        if command == nil || command == "serve" {
            try await announceFirstAdministrator(app)
            app.lifecycle.use(ReminderSchedule())
        }
    }

    static func useDatabase(_ location: DatabaseLocation, on app: Application) throws {
        switch location {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StartupError("\(DatabaseLocation.variable): the folder \(folder) for the SQLite file \(path) does not exist")
            }
            app.databases.use(.sqlite(.init(storage: .file(path: path), enableForeignKeys: true), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StartupError("\(DatabaseLocation.variable): \"\(DatabaseLocation.redacted(url))\" is not a PostgreSQL URL Waymark can use (\(error))")
            }
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(10), sqlLogLevel: .debug), as: .psql)
        }
    }

    /// A new installation has no accounts; make the first administrator and print its password once.
    static func announceFirstAdministrator(_ app: Application) async throws {
        guard let password = try await AccountService(db: app.db).bootstrapAdministrator() else { return }
        // Written straight to the file descriptor: a log file or pipe must show it at once, not at exit.
        FileHandle.standardOutput.write(Data("""

        ┌──────────────────────────────────────────────────────────────┐
          Waymark created the first administrator account.
          Sign in as:  admin
          Password:    \(password)
          This is shown once. Keep it safe, then add people's accounts
          under Users. `waymark reset-password --email admin` makes a new one.
        └──────────────────────────────────────────────────────────────┘

        """.utf8))
    }

    static func checkReachable(_ db: any Database, location: DatabaseLocation) async throws {
        let sql = db as! any SQLDatabase
        do {
            if case .sqlite = location {
                // WAL lets readers carry on while an import writes; it is a property of the file.
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            } else {
                try await sql.raw("SELECT 1").run()
            }
        } catch {
            throw StartupError("\(DatabaseLocation.variable): cannot open the \(location): \(String(reflecting: error).prefix(300))")
        }
    }

    static func prepareSchema(_ app: Application, location: DatabaseLocation) async throws {
        let sql = app.db as! any SQLDatabase
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
