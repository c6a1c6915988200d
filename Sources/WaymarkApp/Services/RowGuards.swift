import FluentKit
import SQLKit

/// The database-side checks that make a read-check-write safe with several writers.
///
/// A version compared in Swift after a read lets two transactions pass together under
/// PostgreSQL's READ COMMITTED. These do the check in the write itself, or lock the row first,
/// so exactly one of many concurrent writers with the same version wins.
enum RowGuards {
    /// Moves `table`'s row from `version` to `version + 1` if it is still at `version`; false when
    /// someone else got there first (or the row is gone). Under PostgreSQL the losers wait for the
    /// winner's row lock, then see the new version and change nothing.
    static func claimVersion(_ table: String, id: Int, version: Int, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var version: Int }
        let rows = try await db.sql.update(table)
            .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, id).where("version", .equal, version)
            .returning("version")
            .all(decoding: Row.self)
        return rows.count == 1
    }

    /// Moves the version on by one whatever it was, for writes that change a row behind the
    /// backs of open forms (a Board decision on a milestone's deadline). The update takes the
    /// row's lock, so do it before reading the row.
    static func bumpVersion(_ table: String, id: Int, on db: any Database) async throws {
        try await db.sql.update(table)
            .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, id)
            .run()
    }

    /// Takes turns on a name (a sign-in address, say) until the transaction ends, on PostgreSQL;
    /// on SQLite the write gate already lets one writer in at a time.
    static func lock(name: String, on db: any Database) async throws {
        let sql = db.sql
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: name)))").run()
    }

    /// Locks `table`'s row until the transaction ends, on PostgreSQL, so writers that read the
    /// rows under it (an activity's milestones to reorder, a period to close) take turns. On SQLite
    /// the write gate already lets one writer in at a time. False when the row does not exist.
    @discardableResult
    static func lock(_ table: String, id: Int, on db: any Database) async throws -> Bool {
        let sql = db.sql
        struct Row: Decodable { var id: Int }
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        return try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id)\(unsafeRaw: lock)").first(decoding: Row.self) != nil
    }
}
