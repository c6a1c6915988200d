import FluentSQLiteDriver
import NIOConcurrencyHelpers

/// Runs a statement on the underlying SQLite connection and collects its rows.
///
/// Going through the pooled database's future-based `query` hands every result row to the event
/// loop one at a time; for 100,000 rows that is 100,000 cross-thread wake-ups. The connection's
/// async `query` delivers rows on the thread that reads them.
enum SQLiteDirect {
    static func rows(_ database: any SQLiteDatabase, _ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        let collected = NIOLockedValueBox<[SQLiteRow]>([])
        try await database.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.query(sql, binds) { row in
                    collected.withLockedValue { $0.append(row) }
                }
            }
        }.get()
        return collected.withLockedValue { $0 }
    }
}
