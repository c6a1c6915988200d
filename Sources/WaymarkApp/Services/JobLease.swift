import FluentKit
import Foundation
import SQLKit

/// A background job held by one server at a time, for a while. Taking it is one conditional
/// update (the row's lease must have run out), so of several servers trying at once exactly one
/// is told it holds the job; nothing relies on a unique index failing.
enum JobLease {
    /// This process, as named in the lease: host, process id and a random part, so two servers
    /// on one machine are told apart.
    static let holder: String = {
        let host = ProcessInfo.processInfo.hostName
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }()

    /// True when `holder` now holds `name` until `now + seconds`; false when another holder's
    /// lease has not yet run out.
    static func claim(_ name: String, holder: String = holder, for seconds: Double, now: Date = Date(), on sql: any SQLDatabase) async throws -> Bool {
        let at = now.timeIntervalSince1970
        try await sql.raw("INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), '', 0) ON CONFLICT (name) DO NOTHING").run()
        struct Row: Decodable { var name: String }
        let taken = try await sql.raw("""
            UPDATE job_leases SET holder = \(bind: holder), expires_at = \(bind: at + seconds)
            WHERE name = \(bind: name) AND expires_at <= \(bind: at) RETURNING name
            """).all(decoding: Row.self)
        return !taken.isEmpty
    }

    /// Gives `name` up at once, when the job failed, so the next tick by any server tries again.
    static func release(_ name: String, holder: String = holder, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            try await tx.sql.raw("UPDATE job_leases SET expires_at = 0 WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
        }
    }

    /// Who holds `name` and until when, for the logs and the tests.
    static func current(_ name: String, on sql: any SQLDatabase) async throws -> (holder: String, expiresAt: Date)? {
        struct Row: Decodable { var holder: String; var expires_at: Double }
        guard let row = try await sql.raw("SELECT holder, expires_at FROM job_leases WHERE name = \(bind: name)").first(decoding: Row.self) else { return nil }
        return (row.holder, Date(timeIntervalSince1970: row.expires_at))
    }

    /// Notes that `name` finished now, with a line saying what it did, through the write gate
    /// (on SQLite a connection outside it would not wait for a writer in progress).
    static func finished(_ name: String, detail: String, at now: Date = Date(), on db: any Database) async throws {
        try await db.writeTransaction { tx in try await record(name, detail: detail, at: now, on: tx.sql) }
    }

    private static func record(_ name: String, detail: String, at now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO job_runs (name, finished_at, detail) VALUES (\(bind: name), \(bind: now.timeIntervalSince1970), \(bind: detail))
            ON CONFLICT (name) DO UPDATE SET finished_at = excluded.finished_at, detail = excluded.detail
            """).run()
    }

    static func lastFinished(_ name: String, on sql: any SQLDatabase) async throws -> Date? {
        struct Row: Decodable { var finished_at: Double }
        return try await sql.raw("SELECT finished_at FROM job_runs WHERE name = \(bind: name)").first(decoding: Row.self).map { Date(timeIntervalSince1970: $0.finished_at) }
    }
}
