import FluentKit
import SQLKit

extension Database {
    /// The database as SQL. Both drivers Waymark runs on (SQLite and PostgreSQL) are SQL
    /// databases, so this is the one place that says so.
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { preconditionFailure("Waymark runs only on SQL databases; \(type(of: self)) is not one") }
        return sql
    }
}
