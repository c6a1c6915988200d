import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkTestSupport
@testable import WaymarkApp

/// Moving house: `copy-data` from SQLite to PostgreSQL and back, and `backup` and `restore` on
/// PostgreSQL, run as the real executable, each checked table by table; and the check itself
/// shown to catch a changed row.
@Suite(.serialized) struct CopyDataTests {
    /// A new, empty PostgreSQL database on the test server, and its URL.
    private func newPostgres() async throws -> (url: String, drop: @Sendable () async -> Void) {
        let admin = try TestDatabase.postgresAdminURL
        let name = "waymark_copy_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: admin)!
        components.path = "/" + name
        return (components.string!, { try? await runAdmin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
    }

    /// A database with more than a plan in it: an account, an API token, a closed quarter with
    /// its frozen snapshot, a publication and the audit trail of all of them.
    private func populate(_ waymark: WaymarkProcess) throws {
        for arguments in [["import", Fixtures.shapedPlanPath],
                          ["create-user", "--email", "po@copy.test", "--name", "Pat Quinn", "--role", "performance_officer"],
                          ["create-token", "--email", "po@copy.test", "--name", "reports"],
                          ["open-period", "--plan", "1", "--period", "Q3 2017-18"],
                          ["close-period", "--plan", "1", "--period", "Q3 2017-18"],
                          ["publish", "--plan", "1", "--period", "Q3 2017-18"]] {
            let result = try waymark.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
    }

    @Test func sqliteToPostgresAndBackKeepsEveryRowAndTheAuditChain() async throws {
        var sqlite = try WaymarkProcess()
        defer { sqlite.cleanUp() }
        sqlite.databaseURL = sqlite.folder.appendingPathComponent("council.sqlite").path
        try populate(sqlite)
        let (url, drop) = try await newPostgres()
        defer { Task { await drop() } }

        let copied = try sqlite.run("copy-data", "--to", url)
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("  milestones: 115 rows, checksum ") && copied.stdout.contains("and checked each table's rows and checksum."), "\(copied.stdout)")
        let postgres = try WaymarkProcess(databaseURL: url)
        defer { postgres.cleanUp() }
        let status = ["status", "--plan", "1", "--as-of", "2017-12-31"]
        #expect(try postgres.run(status).stdout == (try sqlite.run(status).stdout))
        let verified = try postgres.run("verify-audit")
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        // A target that holds records is refused unless told, and then replaced whole.
        let again = try sqlite.run("copy-data", "--to", url)
        #expect(again.status != 0 && again.stderr.contains("the target already holds records"), "\(again.stderr)")
        let replaced = try sqlite.run("copy-data", "--to", url, "--replace")
        #expect(replaced.status == 0, "\(replaced.stderr)")

        // And back to a new SQLite file, which new records then continue after.
        let back = postgres.folder.appendingPathComponent("back.sqlite").path
        let returned = try postgres.run("copy-data", "--to", back)
        #expect(returned.status == 0, "\(returned.stderr)")
        let backAgain = try WaymarkProcess(databaseURL: back)
        #expect(try backAgain.run(status).stdout == (try sqlite.run(status).stdout))
        #expect(try backAgain.run("verify-audit").status == 0)
        #expect(try postgres.run("create-user", "--email", "new@copy.test", "--name", "New Person", "--role", "viewer").status == 0,
                "PostgreSQL's ids continue after the copied rows")
    }

    @Test func badTargetsAreRefusedSayingWhich() throws {
        var sqlite = try WaymarkProcess()
        defer { sqlite.cleanUp() }
        sqlite.databaseURL = sqlite.folder.appendingPathComponent("council.sqlite").path
        #expect(try sqlite.run("import", Fixtures.shapedPlanPath).status == 0)
        let cases: [([String], String)] = [
            (["copy-data"], "--to: say which database to copy into"),
            (["copy-data", "--to", "mysql://x/y"], "the scheme \"mysql\" is not supported"),
            (["copy-data", "--to", sqlite.databaseURL!], "that is the database being copied"),
            (["copy-data", "--to", "/no/such/folder/x.sqlite"], "/no/such/folder"),
            (["copy-data", "--to", "postgres://nobody@127.0.0.1:1/none"], "cannot open the PostgreSQL"),
        ]
        for (arguments, message) in cases {
            let result = try sqlite.run(arguments)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func aPostgresBackupRestoresIntoAnEmptyDatabaseAndDamagedFilesAreRefused() async throws {
        let (url, drop) = try await newPostgres()
        defer { Task { await drop() } }
        let live = try WaymarkProcess(databaseURL: url)
        defer { live.cleanUp() }
        #expect(try live.run("migrate").status == 0)
        try populate(live)
        let backup = live.folder.appendingPathComponent("backup.sqlite").path
        let made = try live.run("backup", "--out", backup)
        #expect(made.status == 0 && made.stdout.contains("from one snapshot"), "\(made.stderr)")
        #expect(try live.run("backup", "--out", backup).stderr.contains("already exists; nothing was written"))

        let (otherURL, dropOther) = try await newPostgres()
        defer { Task { await dropOther() } }
        let restored = try WaymarkProcess(databaseURL: otherURL)
        defer { restored.cleanUp() }
        let whole = try Data(contentsOf: URL(fileURLWithPath: backup))
        let truncated = restored.folder.appendingPathComponent("truncated.sqlite").path
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let refused = try restored.run("restore", truncated)
        #expect(refused.status != 0 && refused.stderr.contains("nothing was changed"), "\(refused.stderr)")

        let done = try restored.run("restore", backup)
        #expect(done.status == 0, "\(done.stderr)")
        let status = ["status", "--plan", "1", "--as-of", "2017-12-31"]
        #expect(try restored.run(status).stdout == (try live.run(status).stdout))
        #expect(try restored.run("verify-audit").status == 0)
        let again = try restored.run("restore", backup)
        #expect(again.status != 0 && again.stderr.contains("already holds records"), "\(again.stderr)")
        #expect(try restored.run("restore", backup, "--replace").status == 0)
    }

    @Test func theCheckFindsARowChangedInTheCopy() async throws {
        try await withApp(.sqlite) { app in
            try await importSeedPlan(app)
            let path = NSTemporaryDirectory() + "waymark-copy-check-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let target = try await DatabaseMove.open(.sqlite(path: path), on: app)
            let report = try await DatabaseMove.copy(from: app.sql, to: target, replace: false)
            #expect(report.differences.isEmpty && report.tables.contains { $0.name == "milestones" && $0.rows == 115 })
            try await target.raw("UPDATE milestones SET title = title || '.' WHERE id = 7").run()
            let original = try await DatabaseCopier(source: app.sql, target: target).checksums()
            let copy = try await DatabaseCopier(source: target, target: target).checksums()
            let differing = original.keys.filter { original[$0]! != copy[$0]! }
            #expect(differing == ["milestones"])
        }
    }

    @Test func sessionsAttachmentsAndFlagsCrossToPostgresAsTheirOwnTypes() async throws {
        try await withApp(.sqlite) { app in
            try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let bytes = Data([0, 1, 2, 0xFF, 0, 0x25, 0x50, 0x44, 0x46]) + Data(repeating: 0, count: 70_000)
            try await app.sql.raw("INSERT INTO directions (plan_id, title, given_on, requirements) VALUES (1, 'Directions', '2016-04-01', 'Report quarterly')").run()
            try await app.sql.raw("""
                INSERT INTO correspondence (direction_id, dated, way, title, summary, attachment_name, attachment_type, attachment)
                VALUES (1, '2017-05-01', 'received', 'Letter', 'Line one\r\nline two \u{7}', 'letter.pdf', 'application/pdf', \(bind: bytes))
                """).run()
            let (url, drop) = try await newPostgres()
            defer { Task { await drop() } }
            guard case .postgres = try DatabaseLocation.parse(url) else { Issue.record("not a PostgreSQL URL"); return }
            let target = try await DatabaseMove.open(try DatabaseLocation.parse(url), on: app)
            let report = try await DatabaseMove.copy(from: app.sql, to: target, replace: false)
            #expect(report.differences.isEmpty)
            #expect(report.tables.contains { $0.name == "_fluent_sessions" && $0.rows >= 1 })
            struct Letter: Decodable { var attachment: Data; var summary: String }
            let letter = try #require(try await target.raw("SELECT attachment, summary FROM correspondence").first(decoding: Letter.self))
            #expect(letter.attachment == bytes && letter.summary == "Line one\r\nline two \u{7}")
            // Read back through the models, a moment is the same moment and a flag the same flag.
            let before = try await User.query(on: app.db).sort(\.$id).all().map { ($0.email, $0.disabled, $0.createdAt.map { Int($0.timeIntervalSince1970 * 1000) }) }
            let after = try await User.query(on: app.db(DatabaseMove.targetID)).sort(\.$id).all().map { ($0.email, $0.disabled, $0.createdAt.map { Int($0.timeIntervalSince1970 * 1000) }) }
            #expect(before.count == after.count && before.count > 1 && zip(before, after).allSatisfy { $0 == $1 })
        }
    }
}
