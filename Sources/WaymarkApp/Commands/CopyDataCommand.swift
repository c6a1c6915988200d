import Fluent
import Foundation
import SQLKit
import Vapor

/// `waymark copy-data --to URL`: everything in this database (plans, history, the audit trail,
/// frozen quarters, accounts, attachments) copied into another, SQLite to PostgreSQL or back,
/// then checked table by table.
struct CopyDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "the database to copy into: postgres://user:password@host:port/database, or an SQLite file")
        var to: String?
        @Flag(name: "replace", help: "replace what the target holds (without it, a target that holds records is refused)")
        var replace: Bool
    }

    var help: String { "Copies every record into another database (SQLite or PostgreSQL), then checks each table's rows and checksum." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let text = signature.to?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw CommandFailure("--to: say which database to copy into, such as --to postgres://waymark@db.council.local/waymark")
        }
        let target: DatabaseLocation
        do { target = try DatabaseLocation.parse(text) } catch { throw CommandFailure("--to: \(error)") }
        let source = try context.application.settings.databaseLocation()
        guard !DatabaseMove.same(source, target) else { throw CommandFailure("--to: that is the database being copied; nothing was copied") }
        let into = try await DatabaseMove.open(target, on: context.application)
        let report = try await DatabaseMove.copy(from: context.application.db.sql, to: into, replace: signature.replace)
        for table in report.tables { context.console.print("  \(table.name): \(table.rows) rows, checksum \(table.checksum), the same in both") }
        context.console.print("Copied \(report.rows) rows in \(report.tables.count) tables from the \(source) to the \(target), and checked each table's rows and checksum.")
    }
}

/// Opening a second database beside the running one, and copying between them, for
/// `copy-data`, and for `backup` and `restore` on PostgreSQL.
enum DatabaseMove {
    static let targetID = DatabaseID(string: "copy-target")

    static func same(_ a: DatabaseLocation, _ b: DatabaseLocation) -> Bool {
        switch (a, b) {
        case (.sqlite(let x), .sqlite(let y)):
            URL(fileURLWithPath: x).standardizedFileURL.path == URL(fileURLWithPath: y).standardizedFileURL.path
        case (.postgres(let x), .postgres(let y)):
            x == y
        default: false
        }
    }

    /// The database at `location`, opened beside the default one and migrated to this build's
    /// schema (a new SQLite file is made; its folder must exist).
    static func open(_ location: DatabaseLocation, as id: DatabaseID = targetID, on app: Application) async throws -> any SQLDatabase {
        do { try Waymark.useDatabase(location, on: app, as: id) } catch { throw CommandFailure("--to: \(error)") }
        let db = app.db(id)
        do {
            try await Waymark.checkReachable(db, location: location)
        } catch {
            throw CommandFailure("cannot open the \(location): \(DatabaseFailure.reason(error)); nothing was copied")
        }
        app.migrations.add(Migrations.all, to: id)
        try await app.autoMigrate()
        return db.sql
    }

    /// The copy, refused unless every table reads back the same in the target.
    static func copy(from source: any SQLDatabase, to target: any SQLDatabase, replace: Bool) async throws -> DatabaseCopier.Report {
        let report: DatabaseCopier.Report
        do {
            report = try await DatabaseCopier(source: source, target: target).copy(replace: replace)
        } catch let refused as DatabaseCopier.Refused {
            throw CommandFailure(refused.description)
        } catch {
            throw CommandFailure("the copy failed, and the target was left as it was: \(DatabaseFailure.reason(error))")
        }
        guard report.differences.isEmpty else {
            throw CommandFailure("the copy was written but differs from the original in \(report.differences.count) table(s); do not use it:\n  "
                + report.differences.joined(separator: "\n  "))
        }
        return report
    }
}
