import FluentSQLiteDriver
import SQLKit

extension SQLDatabase {
    /// The rows of a read, for the reads every request makes (the API token, the list's plan and
    /// page). On SQLite they come back in one hand-over from the database's thread: SQLiteKit's own
    /// path (`raw(…).all()`) queues a task on the event loop for every row and joins their futures;
    /// skipping that saved about 5% of a list request's CPU. PostgreSQL's driver streams rows
    /// already, so it keeps SQLKit's path.
    func rows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        guard let sqlite = self as? any SQLiteDatabase else { return try await raw(query).all() }
        let (sql, binds) = serialize(query)
        if let level = queryLogLevel { logger.log(level: level, "Executing query", metadata: ["sql": .string(sql)]) }
        let encoded = try binds.map { try SQLiteCoders.encoder.encode($0) }
        return try await SQLiteDirect.rows(sqlite, sql, encoded).map { $0.sql(decoder: SQLiteCoders.decoder) }
    }

    /// For reads of one row (by id or a unique key): every row the query returns is read.
    func firstRow(_ query: SQLQueryString) async throws -> (any SQLRow)? {
        try await rows(query).first
    }
}

/// The driver's default coders, as Waymark configures SQLite; made once, since a decoder holds a
/// `JSONDecoder` and these reads run on every request.
private enum SQLiteCoders {
    static let encoder = SQLiteDataEncoder()
    static let decoder = SQLiteDataDecoder()
}

extension SQLRow {
    /// A column that may be NULL. Asking for `T?` goes through `Optional`'s `Decodable`, a
    /// decoder allocated for each value; asking whether it is NULL first does not.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
