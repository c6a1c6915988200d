import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkTestSupport
@testable import WaymarkApp

/// `waymark backup` and `waymark restore` on the embedded database, run as the real executable:
/// a round trip keeps every row, and truncated, damaged or foreign files are refused whole.
@Suite(.serialized) struct BackupCommandTests {
    @Test func aBackupRestoresIntoAnEmptyDatabaseWithEveryRow() throws {
        var source = try WaymarkProcess()
        defer { source.cleanUp() }
        source.databaseURL = source.folder.appendingPathComponent("live.sqlite").path
        #expect(try source.run("import", Fixtures.shapedPlanPath).status == 0)
        #expect(try source.run("create-user", "--email", "po@backup.test", "--name", "Pat", "--role", "performance_officer").status == 0)
        let backup = source.folder.appendingPathComponent("backup.sqlite").path

        #expect(try source.run("backup").stderr.contains("--out: say where to write the backup"))
        let made = try source.run("backup", "--out", backup)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Backed up to \(backup):") && made.stdout.contains("each table's count checked"))
        #expect(try source.run("backup", "--out", backup).stderr.contains("already exists; nothing was written"))

        var target = try WaymarkProcess()
        defer { target.cleanUp() }
        target.databaseURL = target.folder.appendingPathComponent("restored.sqlite").path
        let restored = try target.run("restore", backup)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try target.run("status", "--plan", "1", "--as-of", "2017-12-31").stdout == (try source.run("status", "--plan", "1", "--as-of", "2017-12-31").stdout))
        #expect(try target.run("verify-audit").status == 0)

        // A database that holds records is replaced only when asked, and then kept beside.
        let again = try target.run("restore", backup)
        #expect(again.status != 0 && again.stderr.contains("already holds a database; nothing was changed"))
        let replaced = try target.run("restore", backup, "--replace")
        #expect(replaced.status == 0 && replaced.stdout.contains("is kept as"), "\(replaced.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: target.folder.path).filter { $0.hasPrefix("restored.sqlite.before-restore-") }
        #expect(!kept.isEmpty)
    }

    @Test func truncatedDamagedAndForeignFilesAreRefusedAndNothingIsWritten() async throws {
        var source = try WaymarkProcess()
        defer { source.cleanUp() }
        source.databaseURL = source.folder.appendingPathComponent("live.sqlite").path
        #expect(try source.run("import", Fixtures.shapedPlanPath).status == 0)
        let backup = source.folder.appendingPathComponent("backup.sqlite").path
        #expect(try source.run("backup", "--out", backup).status == 0)
        let whole = try Data(contentsOf: URL(fileURLWithPath: backup))

        var damaged = whole
        for offset in stride(from: 8192, to: min(damaged.count, 40_000), by: 97) { damaged[offset] ^= 0xFF }
        let cases: [(String, Data, String)] = [
            ("truncated", whole.prefix(whole.count / 2), "nothing was changed"),
            ("damaged", damaged, "nothing was changed"),
            ("text", Data("Area,Activity,Milestone\n".utf8), "is not a Waymark backup (it is not an SQLite database)"),
            ("empty", Data(), "is not a Waymark backup"),
        ]
        var target = try WaymarkProcess()
        defer { target.cleanUp() }
        let live = target.folder.appendingPathComponent("restored.sqlite").path
        target.databaseURL = live
        for (name, bytes, message) in cases {
            let path = target.folder.appendingPathComponent("\(name).sqlite").path
            try bytes.write(to: URL(fileURLWithPath: path))
            let refused = try target.run("restore", path)
            #expect(refused.status != 0, "\(name)")
            #expect(refused.stderr.contains(message), "\(name): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: live), "\(name) left a database behind")
        }
        // An SQLite file that is not Waymark's.
        let foreign = target.folder.appendingPathComponent("foreign.sqlite").path
        let app = try await Application.make(.testing)
        app.databases.use(.sqlite(.init(storage: .file(path: foreign))), as: .sqlite)
        try await (app.db as! any SQLDatabase).raw("CREATE TABLE notes (text TEXT)").run()
        try await app.asyncShutdown()
        let refused = try target.run("restore", foreign)
        #expect(refused.stderr.contains("not a Waymark backup"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: live))
    }
}
