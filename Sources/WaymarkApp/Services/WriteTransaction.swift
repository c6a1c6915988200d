import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor
import SQLKit

extension Database {
    /// A transaction that will write: every service's writes go through this.
    ///
    /// SQLite has one writer at a time. A plain `BEGIN` takes no lock, so two transactions that
    /// each read and then write can deadlock, and SQLite breaks that by failing one at once with
    /// "database is locked", which no waiting helps. Here the first statement is a write to a
    /// one-row table, so a transaction holds the write lock before it reads anything (as
    /// `BEGIN IMMEDIATE` would; Fluent always sends plain `BEGIN`). A transaction that finds the
    /// lock taken is rolled back and tried again after a short, growing, random pause, for up
    /// to `WriteGate.patience`; then the person is told to try again (503), never a 500.
    /// PostgreSQL needs none of this: its row locks and conditional updates do the work.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // Inside another write (an import's preview runs the import), one transaction and one gate.
        if inTransaction { return try await body(self) }
        let started = ContinuousClock.now
        do {
            let value = try await retryingTransaction(body)
            WaymarkMetrics.writeTransaction(took: ContinuousClock.now - started, outcome: "committed")
            return value
        } catch let error where WriteGate.isUniqueViolation(error) {
            // The checks before an insert passed in two transactions at once; the unique index
            // let one in. The other is told plainly, not with a 500.
            WaymarkMetrics.writeTransaction(took: ContinuousClock.now - started, outcome: "duplicate")
            throw WriteRefusal.duplicate()
        } catch {
            WaymarkMetrics.writeTransaction(took: ContinuousClock.now - started, outcome: "failed")
            throw error
        }
    }

    /// Runs `body` in a transaction, again after a short, growing, random pause when SQLite's
    /// write lock is taken or PostgreSQL broke a deadlock between two writers (which lock rows in
    /// different orders: a progress update the milestone then the plan, an import the plan then
    /// milestones). Either way the rolled-back attempt wrote nothing.
    private func retryingTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let sqlite = (self as? any SQLDatabase)?.dialect.name == "sqlite"
        let deadline = ContinuousClock.now + WriteGate.patience
        var pause = WriteGate.firstPause
        while true {
            do {
                return try await transaction { tx in
                    if sqlite { try await WriteGate.enter(tx.sql) }
                    return try await body(tx)
                }
            } catch let error where WriteGate.isWorthRetrying(error) {
                guard ContinuousClock.now < deadline else { throw DatabaseBusy() }
                let microseconds = Int(pause.components.seconds) * 1_000_000 + Int(pause.components.attoseconds / 1_000_000_000_000)
                try await Task.sleep(for: .microseconds(Int.random(in: 0...microseconds)))
                pause = min(pause * 2, WriteGate.longestPause)
            }
        }
    }
}

/// Another writer held the database for longer than a person should wait.
struct DatabaseBusy: AbortError {
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String { "Waymark is busy saving other changes. Try again in a moment; nothing was saved." }
}

enum WriteGate {
    static let patience: Duration = .seconds(20)
    static let firstPause: Duration = .milliseconds(2)
    static let longestPause: Duration = .milliseconds(50)
    static let readerWaitMilliseconds = 5_000

    /// Takes SQLite's write lock with the transaction's first statement. No waiting inside SQLite:
    /// a connection blocked there holds one of the few threads SQLite's calls run on, and enough
    /// of them starve the very writer they wait for; a taken gate fails at once and the wait
    /// happens in `retryingTransaction`. The connection's own wait is put back either way, for
    /// what it does later outside a gate (reads that meet a checkpoint, say).
    static func enter(_ sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA busy_timeout = 0").run()
        do {
            try await sql.raw("UPDATE write_gate SET turns = turns + 1 WHERE id = 1").run()
        } catch {
            try? await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(readerWaitMilliseconds))").run()
            throw error
        }
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(readerWaitMilliseconds))").run()
    }

    static func isWorthRetrying(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError { return error.isBusy }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] { return state == "40P01" || state == "40001" }
        return false
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        return false
    }
}

extension SQLiteError {
    var isBusy: Bool {
        switch reason {
        case .busy, .locked, .busyInSnapshot, .busyTimeout, .busyInRecovery: true
        default: false
        }
    }
}
