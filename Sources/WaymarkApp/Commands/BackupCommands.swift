import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `waymark backup --out FILE`: a consistent copy of the embedded database, taken while the
/// server runs (SQLite's `VACUUM INTO` reads one snapshot), then checked table by table.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "the backup file to write; it must not exist yet")
        var out: String?
    }

    var help: String { "Writes a consistent copy of the database to a file, and checks it." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let out = signature.out?.trimmingCharacters(in: .whitespaces), !out.isEmpty else {
            throw CommandFailure("--out: say where to write the backup, such as --out waymark-2026-12-02.sqlite")
        }
        let location = try context.application.settings.databaseLocation()
        guard !FileManager.default.fileExists(atPath: out) else { throw CommandFailure("--out: \(out) already exists; nothing was written") }
        guard case .sqlite = location else {
            try await backUpPostgres(to: out, context: context)
            return
        }
        let sql = context.application.db.sql
        try await sql.raw("VACUUM INTO \(bind: out)").run()
        let checked = try await SQLiteBackupFile.check(out, against: sql)
        // Noted in the live database after the copy is checked, for /metrics' backup age.
        do { try await JobLease.finished("backup", detail: "\(checked.tables) tables, \(checked.rows) rows to \(out)", on: context.application.db) } catch {
            context.console.warning("The backup is good, but noting it for /metrics failed: \(error)")
        }
        context.console.print("Backed up to \(out): \(checked.tables) tables, \(checked.rows) rows, each table's count checked against the database.")
    }

    /// PostgreSQL: one repeatable-read snapshot copied into a new SQLite file, which is then
    /// checked table by table against what was read. A backup that fails leaves no file.
    private func backUpPostgres(to out: String, context: CommandContext) async throws {
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else { throw CommandFailure("--out: the folder \(folder) does not exist or cannot be written; nothing was written") }
        do {
            let file = try await DatabaseMove.open(.sqlite(path: out), on: context.application)
            let report = try await DatabaseMove.copy(from: context.application.db.sql, to: file, replace: false)
            _ = try await SQLiteBackupFile.check(out, on: file)
            do { try await JobLease.finished("backup", detail: "\(report.tables.count) tables, \(report.rows) rows to \(out)", on: context.application.db) } catch {
                context.console.warning("The backup is good, but noting it for /metrics failed: \(error)")
            }
            context.console.print("Backed up to \(out): \(report.tables.count) tables, \(report.rows) rows from one snapshot, each table's rows and checksum checked in the file.")
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: out + suffix) }
            throw error
        }
    }
}

/// `waymark restore FILE`: puts a backup in place of the embedded database, all or nothing.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a backup written by `waymark backup`")
        var file: String
        @Flag(name: "replace", help: "replace a database that already holds records (it is kept beside, renamed)")
        var replace: Bool
    }

    var help: String { "Restores a backup into an empty database (or, with --replace, in place of one, which is kept)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let location = try context.application.settings.databaseLocation()
        let source = signature.file
        try SQLiteBackupFile.checkHeader(source)
        guard case .sqlite(let target) = location else {
            try await restorePostgres(from: source, replace: signature.replace, context: context)
            return
        }
        // Opened as a database of its own, never as the live one, and read whole before anything moves.
        let checkID = DatabaseID(string: "restore-check")
        context.application.databases.use(.sqlite(.init(storage: .file(path: source)), sqlLogLevel: .debug), as: checkID)
        let checked = try await SQLiteBackupFile.check(source, on: context.application.db(checkID).sql)

        let manager = FileManager.default
        if manager.fileExists(atPath: target), (try manager.attributesOfItem(atPath: target)[.size] as? Int ?? 0) > 0 {
            guard signature.replace else {
                throw CommandFailure("restore: \(target) already holds a database; nothing was changed. Add --replace to put the backup in its place (the database there now is kept, renamed)")
            }
            let aside = target + ".before-restore-" + String(Int(Date().timeIntervalSince1970))
            try manager.moveItem(atPath: target, toPath: aside)
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: target + suffix) { try manager.moveItem(atPath: target + suffix, toPath: aside + suffix) }
            context.console.print("The database that was there is kept as \(aside).")
        }
        let partial = target + ".restoring"
        try? manager.removeItem(atPath: partial)
        try manager.copyItem(atPath: source, toPath: partial)
        // A rename is all or nothing: the database is either the old one or the whole backup.
        guard rename(partial, target) == 0 else {
            try? manager.removeItem(atPath: partial)
            throw CommandFailure("restore: could not put the backup in place at \(target) (error \(errno)); nothing was changed")
        }
        context.console.print("Restored \(source) to \(target): \(checked.tables) tables, \(checked.rows) rows.")
    }

    /// PostgreSQL: the backup is checked whole, then copied in one transaction, so the database
    /// ends either as it was or holding the whole backup. The backup file itself is not changed:
    /// a copy of it is brought up to this build's schema.
    private func restorePostgres(from source: String, replace: Bool, context: CommandContext) async throws {
        let app = context.application
        let working = NSTemporaryDirectory() + "waymark-restore-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: working + suffix) } }
        try FileManager.default.copyItem(atPath: source, toPath: working)
        let checkID = DatabaseID(string: "restore-check")
        app.databases.use(.sqlite(.init(storage: .file(path: working)), sqlLogLevel: .debug), as: checkID, isDefault: false)
        let checked = try await SQLiteBackupFile.check(source, on: app.db(checkID).sql)
        do {
            try await app.db.sql.raw("SELECT 1").run()
        } catch {
            throw CommandFailure("restore: cannot reach the database: \(DatabaseFailure.reason(error)); nothing was changed")
        }
        app.migrations.add(Migrations.all, to: checkID)
        try await app.autoMigrate()
        let report = try await DatabaseMove.copy(from: app.db(checkID).sql, to: app.db.sql, replace: replace)
        context.console.print("Restored \(source) (\(checked.tables) tables, \(checked.rows) rows) into PostgreSQL: \(report.rows) rows in \(report.tables.count) tables, each table's rows and checksum checked.")
    }
}

/// Checks a backup file before it is trusted.
enum SQLiteBackupFile {
    static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("restore: cannot read \(path) (does it exist?); nothing was changed") }
        defer { try? handle.close() }
        let header = try handle.read(upToCount: 16) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw CommandFailure("restore: \(path) is not a Waymark backup (it is not an SQLite database); nothing was changed")
        }
    }

    /// The backup passes SQLite's integrity check and holds Waymark's schema; with `against`, each
    /// table's row count equals the live database's.
    /// `compareCounts` is false for a backup taken by the server itself, whose writes carry on
    /// between the snapshot and the count; the copy is still checked whole.
    static func check(_ path: String, against live: any SQLDatabase, compareCounts: Bool = true) async throws -> (tables: Int, rows: Int) {
        try await live.raw("ATTACH DATABASE \(bind: path) AS backup_check").run()
        do {
            let result = try await counts(live, schema: "backup_check")
            let original = compareCounts ? try await counts(live, schema: "main") : result
            try await live.raw("DETACH DATABASE backup_check").run()
            let differing = original.filter { result[$0.key] != $0.value }.map { $0.key }.sorted()
            guard differing.isEmpty else { throw CommandFailure("backup: the copy differs from the database in \(differing.joined(separator: ", ")); delete \(path) and try again") }
            return (result.count, result.values.reduce(0, +))
        } catch {
            try? await live.raw("DETACH DATABASE backup_check").run()
            throw error
        }
    }

    static func check(_ path: String, on backup: any SQLDatabase) async throws -> (tables: Int, rows: Int) {
        do {
            let result = try await counts(backup, schema: "main")
            return (result.count, result.values.reduce(0, +))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("restore: \(path) is damaged or cut short (\(String(describing: error).prefix(200))); nothing was changed")
        }
    }

    /// Each table's row count, once the schema has passed SQLite's integrity check and is Waymark's.
    private static func counts(_ db: any SQLDatabase, schema: String) async throws -> [String: Int] {
        struct Check: Decodable { var integrity_check: String }
        let integrity = try await db.raw("PRAGMA \(unsafeRaw: schema).integrity_check").all(decoding: Check.self)
        guard integrity.first?.integrity_check == "ok" else {
            throw CommandFailure("restore: the file fails SQLite's integrity check (\(integrity.first?.integrity_check ?? "no answer")); nothing was changed")
        }
        struct Table: Decodable { var name: String }
        let tables = try await db.raw("SELECT name FROM \(unsafeRaw: schema).sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .all(decoding: Table.self).map(\.name)
        guard tables.contains("_fluent_migrations") else { throw CommandFailure("restore: the file is an SQLite database but not a Waymark backup; nothing was changed") }
        struct Count: Decodable { var n: Int }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: schema).\(ident: table)").first(decoding: Count.self)?.n ?? 0
        }
        return counts
    }
}
