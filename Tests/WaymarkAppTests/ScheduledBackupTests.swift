import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// Backups taken by the server: one a day across servers, each checked whole, old ones deleted.
@Suite struct ScheduledBackupTests {
    @Test func aDayBackupIsWrittenOnceAndOldOnesGo() async throws {
        try await withTwoApps(.sqlite) { first, second in
            _ = try await importSeedPlan(first)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-backups-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let backups = try #require(try ScheduledBackups.from(environment: ["WAYMARK_BACKUP_DIR": folder, "WAYMARK_BACKUP_KEEP_DAYS": "30"]))
            // An old backup of its own, and a file that is not one, both 40 days old.
            let old = (folder as NSString).appendingPathComponent("waymark-20200101-000000.sqlite")
            let other = (folder as NSString).appendingPathComponent("notes.sqlite")
            for path in [old, other] {
                FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * 86_400)], ofItemAtPath: path)
            }
            let now = Date()
            let written = await allAtOnce(6) { index in try await backups.runOnce(index.isMultiple(of: 2) ? first : second, now: now) }
            // An attempt still waiting for SQLite's write gate after its patience is told the
            // database is busy, and has written nothing; anything else is a fault.
            #expect(written.compactMap(\.thrown).allSatisfy { $0 is DatabaseBusy }, "\(written)")
            let paths = written.compactMap { $0.value ?? nil }
            #expect(paths.count == 1, "\(written)")
            let path = try #require(paths.first)
            try SQLiteBackupFile.checkHeader(path)
            #expect(FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: old) && FileManager.default.fileExists(atPath: other))
            let sql = first.db as! any SQLDatabase
            #expect(try await JobLease.lastFinished("backup", on: sql).map { abs($0.timeIntervalSince(now)) < 1 } == true)
            // The copy holds the plan.
            try await sql.raw("ATTACH DATABASE \(bind: path) AS copy").run()
            struct Count: Decodable { var n: Int }
            let copied = try await sql.raw("SELECT COUNT(*) AS n FROM copy.milestones").first(decoding: Count.self)?.n
            try await sql.raw("DETACH DATABASE copy").run()
            #expect(copied == (try await Milestone.query(on: first.db).count()))
            // Within the day, no second backup; the next day, another.
            #expect(try await backups.runOnce(second, now: now.addingTimeInterval(3600)) == nil)
            #expect(try await backups.runOnce(second, now: now.addingTimeInterval(ScheduledBackups.leaseSeconds + 1)) != nil)
        }
    }

    @Test func badSettingsStopStartUpSayingWhich() throws {
        #expect(try ScheduledBackups.from(environment: [:]) == nil)
        for days in ["0", "x", "4000"] {
            #expect(throws: StartupError.self) { _ = try ScheduledBackups.from(environment: ["WAYMARK_BACKUP_DIR": "/tmp/waymark-b", "WAYMARK_BACKUP_KEEP_DAYS": days]) }
        }
    }
}
