import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A value in a bulk INSERT, handed straight to the driver's own bind type.
///
/// SQLKit binds go through `Encodable`, which is most of the cost of writing 100,000 rows; bulk
/// imports know their column types, so they skip it. Everything else uses SQLKit or Fluent.
enum BulkValue: Sendable {
    case int(Int)
    case text(String)
    case null
    case timestamp(Date)

    static func text(_ value: String?) -> BulkValue { value.map(BulkValue.text) ?? .null }
}

/// Multi-row INSERTs on SQLite or PostgreSQL, optionally returning integer columns (new ids).
struct BulkInsert {
    let db: any SQLDatabase

    /// - Returns: one array of `returning` values per inserted row, in no particular order.
    @discardableResult
    func insert(into table: String, columns: [String], rows: [[BulkValue]], returning: [String] = []) async throws -> [[Int]] {
        guard !rows.isEmpty else { return [] }
        let isPostgres = db.dialect.name == "postgresql"
        var sql = "INSERT INTO \(quote(table)) (\(columns.map(quote).joined(separator: ", "))) VALUES "
        sql.reserveCapacity(rows.count * columns.count * 5 + 200)
        var parameter = 0
        for (index, row) in rows.enumerated() {
            sql += index == 0 ? "(" : ", ("
            for column in row.indices {
                parameter += 1
                if column > 0 { sql += ", " }
                sql += isPostgres ? "$\(parameter)" : "?"
            }
            sql += ")"
        }
        if !returning.isEmpty { sql += " RETURNING " + returning.map(quote).joined(separator: ", ") }

        if let sqlite = db as? any SQLiteDatabase {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(parameter)
            for row in rows { for value in row { binds.append(value.sqliteData) } }
            let rowsBack = try await SQLiteDirect.rows(sqlite, sql, binds)
            return try rowsBack.map { row in
                try returning.map { name in
                    guard let value = row.column(name)?.integer else { throw UnexpectedDatabaseAnswer("\(table): the database returned no \(name)") }
                    return value
                }
            }
        }
        if let postgres = db as? any PostgresDatabase {
            var binds = PostgresBindings(capacity: parameter)
            for row in rows { for value in row { value.append(to: &binds) } }
            let query = PostgresQuery(unsafeSQL: sql, binds: binds)
            let width = returning.count
            return try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var result: [[Int]] = []
                    for try await row in try await connection.query(query, logger: connection.logger) {
                        let cells = row.makeRandomAccess()
                        result.append(try (0..<width).map { try cells[$0].decode(Int.self) })
                    }
                    return result
                }
            }.get()
        }
        throw UnexpectedDatabaseAnswer("bulk inserts support SQLite and PostgreSQL only")
    }

    private func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension BulkValue {
    var sqliteData: SQLiteData {
        switch self {
        case .int(let value): .integer(value)
        case .text(let value): .text(value)
        case .null: .null
        // Fluent's SQLite driver stores dates as seconds since 1970, so Fluent models read these back.
        case .timestamp(let value): .float(value.timeIntervalSince1970)
        }
    }

    func append(to binds: inout PostgresBindings) {
        switch self {
        case .int(let value): binds.append(value)
        case .text(let value): binds.append(value)
        case .null: binds.appendNull()
        case .timestamp(let value): binds.append(value)
        }
    }
}
