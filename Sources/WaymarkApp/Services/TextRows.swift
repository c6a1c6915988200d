import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Streams a plan-wide query's rows, reading columns as text, without `Codable`.
///
/// Status roll-ups and lists read every milestone of a plan; decoding each field of each row
/// through `Codable` costs more than the rules themselves. Integers come back as their digits.
struct TextRows {
    let db: any SQLDatabase

    /// Calls `body` once per row, in order, with a function that reads column `i` of `columns`.
    /// - Parameter sql: a query with one parameter, written `$1`, bound to `planID`.
    func forEach(_ sql: String, planID: Int, columns: [String],
                 _ body: @escaping @Sendable (_ column: (Int) -> String?) -> Void) async throws {
        if let sqlite = db as? any SQLiteDatabase {
            let query = sql.replacingOccurrences(of: "$1", with: "?")
            try await sqlite.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    // The connection's own async query calls back on the reading thread, row by row.
                    try await connection.query(query, [.integer(planID)]) { row in
                        body { row.column(columns[$0])?.string }
                    }
                }
            }.get()
            return
        }
        if let postgres = db as? any PostgresDatabase {
            var binds = PostgresBindings(capacity: 1)
            binds.append(planID)
            let query = PostgresQuery(unsafeSQL: sql, binds: binds)
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for try await row in try await connection.query(query, logger: connection.logger) {
                        let cells = row.makeRandomAccess()
                        body { index in
                            let cell = cells[index]
                            guard cell.bytes != nil else { return nil }
                            if cell.dataType == .int8 || cell.dataType == .int4 { return (try? cell.decode(Int.self)).map(String.init) }
                            return try? cell.decode(String.self)
                        }
                    }
                }
            }.get()
            return
        }
        throw UnexpectedDatabaseAnswer("plan-wide queries support SQLite and PostgreSQL only")
    }
}
