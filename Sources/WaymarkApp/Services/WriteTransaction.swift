import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

extension Database {
    /// A transaction that will write: every service's writes go through this.
    ///
    /// SQLite has one writer at a time. A plain `BEGIN` takes no lock, so two transactions that
    /// each read and then write can deadlock, and SQLite breaks that by failing one at once with
    /// "database is locked", which no waiting helps. Here the first statement is a write to a
    /// one-row table, so a transaction holds the write lock before it reads anything (as
    /// `BEGIN IMMEDIATE` would; Fluent always sends plain `BEGIN`). Waiting for the lock is
    /// bounded by a busy timeout, and a transaction that still meets "busy" is run again.
    /// PostgreSQL needs none of this: its row locks and conditional updates do the work.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        do {
            return try await serialisedTransaction(body)
        } catch let error where WriteGate.isUniqueViolation(error) {
            // The checks before an insert passed in two transactions at once; the unique index
            // let one in. The other is told plainly, not with a 500.
            throw WriteRefusal.duplicate()
        }
    }

    private func serialisedTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await transaction(body) }
        var attempt = 0
        while true {
            do {
                return try await transaction { tx in
                    let sql = tx as! any SQLDatabase
                    try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(WriteGate.busyTimeoutMilliseconds))").run()
                    try await sql.raw("UPDATE write_gate SET turns = turns + 1 WHERE id = 1").run()
                    return try await body(tx)
                }
            } catch let error as SQLiteError where error.isBusy && attempt < WriteGate.retries {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(attempt) * 50_000_000)
            }
        }
    }
}

enum WriteGate {
    static let busyTimeoutMilliseconds = 10_000
    static let retries = 3

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
