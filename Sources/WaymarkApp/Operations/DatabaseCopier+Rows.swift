import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import WaymarkCore

extension DatabaseCopier {
    /// One table's rows, read in id order a batch at a time and written in the same batches;
    /// answers how many and their checksum, taken from the values as read.
    static func copyTable(_ table: String, columns: [Column], from source: any SQLDatabase, to target: any SQLDatabase) async throws -> (Int, String) {
        let list = SQLList(columns.map { SQLIdentifier($0.name) })
        let selected = selectList(columns, from: source)
        // Well under both databases' limits on bound values in one statement.
        let batch = max(1, min(500, 30_000 / max(columns.count, 1)))
        var sum = RowSum()
        var count = 0
        var after: Int?
        let byID = columns.contains { $0.name == "id" && $0.kind == .integer }
        while true {
            var query: SQLQueryString = "SELECT " + selected + " FROM \(ident: table)"
            if byID {
                if let after { query += " WHERE id > \(bind: after)" }
                query += " ORDER BY id LIMIT \(bind: batch)"
            }
            let rows = try await source.raw(query).all()
            guard !rows.isEmpty else { break }
            var values: [[CopiedValue]] = []
            values.reserveCapacity(rows.count)
            for row in rows {
                let value = try columns.map { try CopiedValue(row, $0, table: table) }
                sum.add(value)
                values.append(value)
            }
            for start in stride(from: 0, to: values.count, by: batch) {
                let chunk = values[start..<min(start + batch, values.count)]
                let tuples: [SQLQueryString] = chunk.map { row in
                    "(" + zip(row, columns).map { value, column in
                        // PostgreSQL takes JSON as text only when told it is JSON.
                        column.kind == .json && isPostgres(target) ? "CAST(\(bind: value) AS JSONB)" : "\(bind: value)" as SQLQueryString
                    }.joined(separator: ", ") + ")"
                }
                try await target.raw("INSERT INTO \(ident: table) (\(list)) VALUES " + tuples.joined(separator: ", ")).run()
            }
            count += rows.count
            guard byID, rows.count == batch, case .integer(let last) = values.last?[columns.firstIndex { $0.name == "id" }!] else { break }
            after = last
        }
        return (count, sum.text)
    }

    /// A table's row count and checksum: the same whatever order the rows come in, and the same
    /// on SQLite and PostgreSQL for the same values.
    static func checksum(_ table: String, columns: [Column], on db: any SQLDatabase) async throws -> (rows: Int, checksum: String) {
        // Row by row as they arrive: a table of a million milestones is never held whole.
        let state = NIOLockedValueBox((sum: RowSum(), count: 0, failure: (any Error)?.none))
        try await db.raw("SELECT " + selectList(columns, from: db) + " FROM \(ident: table)").run { row in
            state.withLockedValue { state in
                guard state.failure == nil else { return }
                do {
                    state.sum.add(try columns.map { try CopiedValue(row, $0, table: table) })
                    state.count += 1
                } catch {
                    state.failure = error
                }
            }
        }
        let (sum, count, failure) = state.withLockedValue { ($0.sum, $0.count, $0.failure) }
        if let failure { throw failure }
        return (count, sum.text)
    }

    /// The columns to read; PostgreSQL's JSON is read as its text.
    private static func selectList(_ columns: [Column], from db: any SQLDatabase) -> SQLQueryString {
        columns.map { column -> SQLQueryString in
            column.kind == .json && isPostgres(db) ? "CAST(\(ident: column.name) AS TEXT) AS \(ident: column.name)" : "\(ident: column.name)"
        }.joined(separator: ", ")
    }

    /// An order-free sum of each row's SHA-256: two tables with the same rows give the same sum.
    struct RowSum: Sendable {
        private var total: UInt64 = 0

        mutating func add(_ row: [CopiedValue]) {
            let digest = SHA256.hash(data: Data(row.map(\.canonical).joined(separator: "\u{1F}").utf8))
            total &+= digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }

        var text: String { String(format: "%016llx", total) }
    }
}

/// A value as it moves between databases: the type PostgreSQL gives the column, so SQLite's
/// REAL moment becomes a timestamp again and its 0 or 1 a flag.
enum CopiedValue: Encodable, Sendable {
    case null, integer(Int), real(Double), text(String), flag(Bool), moment(Date), bytes(Data), uuid(UUID), json(String)

    init(_ row: any SQLRow, _ column: DatabaseCopier.Column, table: String) throws {
        if try row.decodeNil(column: column.name) { self = .null; return }
        do {
            switch column.kind {
            case .integer: self = .integer(try row.decode(column: column.name, as: Int.self))
            case .real: self = .real(try row.decode(column: column.name, as: Double.self))
            case .flag: self = .flag(try row.decode(column: column.name, as: Bool.self))
            case .moment: self = .moment(try row.decode(column: column.name, as: Date.self))
            case .bytes: self = .bytes(try row.decode(column: column.name, as: Data.self))
            case .uuid: self = .uuid(try row.decode(column: column.name, as: UUID.self))
            case .json: self = .json(try row.decode(column: column.name, as: String.self))
            case .text:
                // SQLite keeps what it is given; a number in a text column is read as written.
                if let text = try? row.decode(column: column.name, as: String.self) { self = .text(text) }
                else if let number = try? row.decode(column: column.name, as: Int.self) { self = .text(String(number)) }
                else { self = .text(String(try row.decode(column: column.name, as: Double.self))) }
            }
        } catch {
            throw DatabaseCopier.Refused(description: "\(table).\(column.name) holds a value that cannot be read as \(column.kind) (\(String(describing: error).prefix(160))); nothing was copied")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .moment(let value): try container.encode(value)
        case .bytes(let value): try container.encode(value)
        case .uuid(let value): try container.encode(value)
        case .json(let value): try container.encode(value)
        }
    }

    /// The value as text for the checksum. Moments to the millisecond, as the audit chain keeps
    /// them: PostgreSQL holds microseconds and SQLite a double, which need not agree beyond.
    var canonical: String {
        switch self {
        case .null: "n"
        case .integer(let value): "i\(value)"
        case .real(let value): "r\(value)"
        case .text(let value): "t\(value.utf8.count):\(value)"
        case .flag(let value): value ? "b1" : "b0"
        case .moment(let value): "m\(Int((value.timeIntervalSince1970 * 1000).rounded()))"
        case .bytes(let value): "x\(value.count):\(SHA256.hash(data: value).hexEncoded)"
        case .uuid(let value): "u\(value.uuidString)"
        // PostgreSQL keeps JSON in its own spacing and key order; compared as what it means.
        case .json(let value): "j" + ((try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]))
            .flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
            .map { String(decoding: $0, as: UTF8.self) } ?? value)
        }
    }
}

extension SQLDatabase {
    /// Reads in one consistent snapshot: PostgreSQL's repeatable read (read only), or one SQLite
    /// read transaction, which sees the file as it was at its first read.
    func readSnapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await (self as! any Database).transaction { tx in
            let sql = tx.sql
            if DatabaseCopier.isPostgres(sql) { try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run() }
            return try await body(sql)
        }
    }
}
