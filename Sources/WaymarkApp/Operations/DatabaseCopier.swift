import Crypto
import Fluent
import Foundation
import SQLKit

/// Copies every table of one Waymark database into another, SQLite or PostgreSQL either way,
/// then checks each table's row count and checksum on both sides.
///
/// The source is read in one snapshot (PostgreSQL: a repeatable-read, read-only transaction;
/// SQLite: one read transaction), so a server may keep running. The target is written in one
/// transaction: a copy that fails part-way leaves it as it was. Values move as the types
/// PostgreSQL gives the columns (a timestamp stays a timestamp, a flag a flag), because SQLite
/// declares a moment and a number alike as REAL.
struct DatabaseCopier {
    let source: any SQLDatabase
    let target: any SQLDatabase

    /// What was copied, and any table whose count or checksum differs afterwards.
    struct Report: Sendable {
        var tables: [(name: String, rows: Int, checksum: String)] = []
        var differences: [String] = []
        var rows: Int { tables.map(\.rows).reduce(0, +) }
    }

    struct Refused: Error, CustomStringConvertible { var description: String }

    /// The migrations' own log is the target's, written when it was migrated; it is compared by name.
    static let notCopied: Set<String> = ["_fluent_migrations"]

    /// Copies into a target whose schema is already migrated. With `replace`, a target that
    /// holds records has them replaced; without it, it is refused before anything is written.
    func copy(replace: Bool) async throws -> Report {
        let targetTables = try await Self.tables(target)
        let sourceTables = try await Self.tables(source)
        guard Set(sourceTables) == Set(targetTables) else {
            let missing = Set(sourceTables).symmetricDifference(targetTables).sorted()
            throw Refused(description: "the two databases' schemas differ (\(missing.joined(separator: ", "))); run `waymark migrate` on both first. Nothing was copied")
        }
        let migrationsDiffer = try await Self.migrationNames(source) != Self.migrationNames(target)
        guard !migrationsDiffer else { throw Refused(description: "the two databases have had different migrations; run `waymark migrate` on both first. Nothing was copied") }
        if !replace, let held = try await Self.recordsHeld(target) {
            throw Refused(description: "the target already holds records (\(held)); nothing was copied. Copy into an empty database, or say --replace to replace what it holds")
        }
        let order = try await Self.parentsFirst(targetTables.filter { !Self.notCopied.contains($0) }, on: target)
        let typed = Self.isPostgres(source) ? source : target
        var columns: [String: [Column]] = [:]
        for table in order { columns[table] = try await Self.columns(of: table, typesFrom: typed, checkedAgainst: [source, target]) }
        let known = columns
        var report = Report()
        let sums = try await source.readSnapshot { snapshot in
            try await (target as! any Database).writeTransaction { tx in
                let into = tx.sql
                if !Self.isPostgres(into) { try await into.raw("PRAGMA defer_foreign_keys = ON").run() }
                for table in order.reversed() { try await into.raw("DELETE FROM \(ident: table)").run() }
                var sums: [(String, Int, String)] = []
                for table in order {
                    let (rows, sum) = try await Self.copyTable(table, columns: known[table]!, from: snapshot, to: into)
                    sums.append((table, rows, sum))
                }
                if Self.isPostgres(into) {
                    for table in order where known[table]!.contains(where: { $0.name == "id" && $0.kind == .integer }) {
                        // The next id a new row gets continues after the copied ones.
                        try await into.raw("SELECT setval(pg_get_serial_sequence(\(bind: "\"\(table)\""), 'id'), COALESCE((SELECT MAX(id) FROM \(ident: table)), 0) + 1, false)").run()
                    }
                }
                return sums
            }
        }
        for (table, rows, sum) in sums {
            let (copiedRows, copiedSum) = try await Self.checksum(table, columns: known[table]!, on: target)
            report.tables.append((table, rows, sum))
            if copiedRows != rows || copiedSum != sum {
                report.differences.append("\(table): \(rows) rows with checksum \(sum) read, \(copiedRows) rows with checksum \(copiedSum) found in the copy")
            }
        }
        return report
    }

    /// The row count and checksum of every table, as `copy` computes them, for a check on its own.
    func checksums() async throws -> [String: (rows: Int, checksum: String)] {
        var result: [String: (rows: Int, checksum: String)] = [:]
        let typed = Self.isPostgres(source) ? source : target
        for table in try await Self.tables(source) where !Self.notCopied.contains(table) {
            let columns = try await Self.columns(of: table, typesFrom: typed, checkedAgainst: [source])
            result[table] = try await Self.checksum(table, columns: columns, on: source)
        }
        return result
    }

    // MARK: - Tables and columns

    struct Column: Sendable {
        enum Kind: Sendable { case integer, real, text, flag, moment, bytes, uuid, json }
        var name: String
        var kind: Kind
    }

    static func isPostgres(_ db: any SQLDatabase) -> Bool { db.dialect.name != "sqlite" }

    static func tables(_ db: any SQLDatabase) async throws -> [String] {
        struct Name: Decodable { var name: String }
        let query: SQLQueryString = isPostgres(db)
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        return try await db.raw(query).all(decoding: Name.self).map(\.name)
    }

    static func migrationNames(_ db: any SQLDatabase) async throws -> Set<String> {
        struct Name: Decodable { var name: String }
        return Set(try await db.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self).map(\.name))
    }

    /// A description of the records a database holds, or nil when it holds none.
    static func recordsHeld(_ db: any SQLDatabase) async throws -> String? {
        struct Count: Decodable { var n: Int }
        var held: [String] = []
        for table in ["plans", "users", "audit_events"] {
            let n = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
            if n > 0 { held.append("\(n) in \(table)") }
        }
        return held.isEmpty ? nil : held.joined(separator: ", ")
    }

    /// Tables ordered so that each comes after the tables its foreign keys point to, since
    /// PostgreSQL checks each row as it is written. A table pointing at itself is copied in id
    /// order, which puts a row after the one it points to.
    static func parentsFirst(_ tables: [String], on db: any SQLDatabase) async throws -> [String] {
        struct Link: Decodable { var child: String; var parent: String }
        let query: SQLQueryString = isPostgres(db) ? """
            SELECT tc.table_name AS child, ccu.table_name AS parent FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
            """ : "SELECT m.name AS child, p.\"table\" AS parent FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table'"
        var parents: [String: Set<String>] = [:]
        for link in try await db.raw(query).all(decoding: Link.self) where link.child != link.parent {
            parents[link.child, default: []].insert(link.parent)
        }
        var ordered: [String] = [], placed: Set<String> = [], left = tables
        while !left.isEmpty {
            let ready = left.filter { parents[$0, default: []].subtracting(placed).intersection(tables).isEmpty }
            guard !ready.isEmpty else { throw Refused(description: "the tables \(left.joined(separator: ", ")) point at each other, so no order copies them; nothing was copied") }
            ordered += ready
            placed.formUnion(ready)
            left.removeAll { placed.contains($0) }
        }
        return ordered
    }

    static func columns(of table: String, typesFrom typed: any SQLDatabase, checkedAgainst others: [any SQLDatabase]) async throws -> [Column] {
        struct Declared: Decodable { var name: String; var type: String }
        func declared(_ db: any SQLDatabase) async throws -> [Declared] {
            let query: SQLQueryString = isPostgres(db)
                ? "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position"
                : "SELECT name, type FROM pragma_table_info(\(bind: table))"
            return try await db.raw(query).all(decoding: Declared.self)
        }
        let columns = try await declared(typed).map { Column(name: $0.name, kind: kind(of: $0.type)) }
        for other in others where Set(try await declared(other).map(\.name)) != Set(columns.map(\.name)) {
            throw Refused(description: "the table \(table) has different columns in the two databases; run `waymark migrate` on both first. Nothing was copied")
        }
        return columns
    }

    private static func kind(of declared: String) -> Column.Kind {
        let type = declared.lowercased()
        if type.contains("timestamp") { return .moment }
        if type == "uuid" { return .uuid }
        if type.contains("json") { return .json }
        if type.contains("bool") { return .flag }
        if type.contains("int") { return .integer }
        if type.contains("double") || type.contains("real") || type.contains("float") || type.contains("numeric") { return .real }
        if type.contains("bytea") || type.contains("blob") { return .bytes }
        return .text
    }
}
