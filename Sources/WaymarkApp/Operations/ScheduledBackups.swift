import Foundation
import NIOCore
import SQLKit
import Vapor

/// Backups taken by `serve` itself (`WAYMARK_BACKUP_DIR`), a day apart, each checked whole, and
/// those older than `WAYMARK_BACKUP_KEEP_DAYS` (default 30) deleted. Several servers on one
/// database take one backup between them: the day's backup is a lease, like the hourly checks.
struct ScheduledBackups: LifecycleHandler {
    static let lease = "daily-backup"
    /// A little under a day, so the next day's hourly tick by any server finds it free.
    static let leaseSeconds: Double = 23 * 3600
    static let prefix = "waymark-"

    let directory: String
    let keepDays: Int

    private final class Box: @unchecked Sendable { var task: RepeatedTask? }
    private let box = Box()

    /// Nil when `WAYMARK_BACKUP_DIR` is not set; a folder that cannot be written or a bad number
    /// of days stops start-up with a message saying which.
    static func from(settings: Settings) throws -> ScheduledBackups? {
        guard let directory = settings.backupDirectory else { return nil }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw StartupError("WAYMARK_BACKUP_DIR: \(directory) cannot be written to by Waymark")
        }
        return ScheduledBackups(directory: directory, keepDays: settings.backupKeepDays)
    }

    /// As `from(settings:)`, from variables as given.
    static func from(environment: [String: String]) throws -> ScheduledBackups? {
        try from(settings: Settings(environment: environment))
    }

    func didBoot(_ application: Application) throws {
        box.task = application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .minutes(2), delay: .hours(1)) { _ in
            application.eventLoopGroup.any().makeFutureWithTask { try? await self.runOnce(application) }
        }
    }

    func shutdown(_ application: Application) {
        box.task?.cancel()
    }

    /// Today's backup, when this server takes the day's lease: the file written, or nil.
    @discardableResult
    func runOnce(_ application: Application, now: Date = Date()) async throws -> String? {
        let sql = application.db.sql
        guard sql.dialect.name == "sqlite" else {
            application.logger.warning("backups: WAYMARK_BACKUP_DIR is set, but scheduled backups are of the embedded SQLite database; back PostgreSQL up with pg_dump")
            return nil
        }
        do {
            let held = try await application.db.writeTransaction { tx in
                try await JobLease.claim(Self.lease, for: Self.leaseSeconds, now: now, on: tx.sql)
            }
            guard held else { return nil }
            let stamp = Self.stamp(now)
            let path = (directory as NSString).appendingPathComponent("\(Self.prefix)\(stamp).sqlite")
            try await sql.raw("VACUUM INTO \(bind: path)").run()
            let checked = try await SQLiteBackupFile.check(path, against: sql, compareCounts: false)
            do { try await JobLease.finished("backup", detail: "\(checked.tables) tables, \(checked.rows) rows to \(path)", at: now, on: application.db) } catch {
                application.logger.warning("backups: \(path) is good, but noting it for /metrics failed: \(error)")
            }
            let removed = prune(before: now.addingTimeInterval(-Double(keepDays) * 86_400))
            application.logger.info("backups: wrote \(path) (\(checked.rows) rows); removed \(removed) older than \(keepDays) days")
            return path
        } catch {
            application.logger.error("backups: the scheduled backup failed: \(error)")
            try? await JobLease.release(Self.lease, on: application.db)
            throw error
        }
    }

    /// Deletes this folder's scheduled backups last changed before `cutoff`; nothing else in it.
    func prune(before cutoff: Date) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in files where Self.isScheduled(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let changed = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, changed < cutoff else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    /// Only names this job writes: `waymark-YYYYMMDD-HHMMSS.sqlite`, never a copy someone named.
    static func isScheduled(_ name: String) -> Bool {
        name.wholeMatch(of: /waymark-[0-9]{8}-[0-9]{6}\.sqlite/) != nil
    }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
