import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkTestSupport
import WaymarkCore
@testable import WaymarkApp

/// The audit trail is a hash chain: each record holds a hash of its content and of the record
/// before it, so a changed, removed or inserted record is found by `verify-audit`, and writers on
/// two servers at once still make one unbroken chain.
@Suite struct AuditChainTests {
    @Test(arguments: TestDatabase.allCases)
    func writersOnTwoServersMakeOneUnbrokenChain(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let user = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            let before = try await first.count("audit_events")
            let outcomes = await allAtOnce(20) { index in
                try await APITokenService(db: (index.isMultiple(of: 2) ? first : second).db).create(for: user, name: "script \(index)", by: "test")
            }
            let failures = outcomes.compactMap(\.thrown).map { String(describing: $0) }
            #expect(failures.isEmpty, "\(failures)")
            #expect(try await first.count("audit_events") == before + 20)

            let verdict = try await AuditChain.verify(on: first.db as! any SQLDatabase, pageSize: 7)
            #expect(verdict.isWhole, "\(String(describing: verdict.broken))")
            #expect(verdict.records == before + 20)
            #expect(verdict.first?.previous_hash == AuditChain.origin)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func changingRemovingOrAddingARecordIsFound(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let user = try #require(try await User.find(accounts.ids[.admin], on: app.db))
            for index in 1...5 { _ = try await APITokenService(db: app.db).create(for: user, name: "token \(index)", by: "test") }
            let sql = app.db as! any SQLDatabase
            struct IDs: Decodable { var id: Int }
            let ids = try await sql.raw("SELECT id FROM audit_events ORDER BY id").all(decoding: IDs.self).map(\.id)
            let middle = ids[ids.count / 2]
            #expect(try await AuditChain.verify(on: sql).isWhole)

            // One character of one summary.
            try await sql.raw("UPDATE audit_events SET summary = summary || '.' WHERE id = \(bind: middle)").run()
            var verdict = try await AuditChain.verify(on: sql)
            #expect(verdict.broken?.id == middle)
            #expect(verdict.broken?.reason.contains("changed after it was written") == true)
            try await sql.raw("UPDATE audit_events SET summary = substr(summary, 1, length(summary) - 1) WHERE id = \(bind: middle)").run()
            #expect(try await AuditChain.verify(on: sql).isWhole)

            // A whole record, even with its hash recomputed by someone who knows how: the next one's link breaks.
            try await sql.raw("DELETE FROM audit_events WHERE id = \(bind: middle)").run()
            verdict = try await AuditChain.verify(on: sql)
            #expect(verdict.broken?.id == ids[ids.count / 2 + 1])
            #expect(verdict.broken?.reason.contains("was removed or changed") == true)
            #expect(verdict.records == ids.count / 2 + 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aForgedRecordAtTheEndIsFound(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let sql = app.db as! any SQLDatabase
            struct Last: Decodable { var id: Int; var hash: String }
            let last = try #require(try await sql.raw("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").first(decoding: Last.self))
            try await sql.raw("""
                INSERT INTO audit_events (id, occurred_at, actor, action, entity, summary, previous_hash, hash)
                VALUES (\(bind: last.id + 1), \(bind: Date()), 'Someone', 'milestone.edited', 'milestone', 'Quietly moved', \(bind: last.hash), 'made up')
                """).run()
            let verdict = try await AuditChain.verify(on: sql)
            #expect(verdict.broken?.id == last.id + 1)
        }
    }

    @Test func theCommandSaysWhetherTheTrailIsWhole() throws {
        let waymark = try WaymarkProcess()
        let database = waymark.folder.appendingPathComponent("audit.sqlite").path
        var waymark2 = waymark
        waymark2.databaseURL = database
        defer { waymark.cleanUp() }
        #expect(try waymark2.run("import", Fixtures.shapedPlanPath).status == 0)
        let whole = try waymark2.run("verify-audit")
        #expect(whole.status == 0)
        #expect(whole.stdout.contains("The audit trail is whole: 2 records, #1 ("), "\(whole.stdout)\(whole.stderr)")
        #expect(whole.stdout.contains("The last record's hash is "))

        // Changed behind Waymark's back, as someone with the database file could.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE audit_events SET actor = 'Nobody' WHERE id = 2\"); c.commit()", database]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let broken = try waymark2.run("verify-audit")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("The audit trail has been tampered with at record #2: its content no longer matches its hash: "
            + "it was changed after it was written. The record before it checks."), "\(broken.stderr)")
    }

    /// Records chained when the migration ran on a trail that had none.
    @Test(arguments: TestDatabase.allCases)
    func anExistingTrailIsChainedByTheMigration(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let user = try #require(try await User.find(accounts.ids[.admin], on: app.db))
            for index in 1...3 { _ = try await APITokenService(db: app.db).create(for: user, name: "token \(index)", by: "test") }
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE audit_events SET previous_hash = NULL, hash = NULL").run()
            #expect(try await AuditChain.verify(on: sql).isWhole == false)
            try await AuditChain.seal(on: sql)
            let verdict = try await AuditChain.verify(on: sql)
            #expect(verdict.isWhole)
            #expect(verdict.records == (try await app.count("audit_events")))
        }
    }
}
