import Crypto
import Foundation
import SQLKit
import WaymarkCore

/// Makes the audit trail tamper-evident: each record carries a SHA-256 of its own content and of
/// the record before it, so changing, removing or inserting a record anywhere but at the very end
/// breaks every hash after it. `waymark verify-audit` walks the chain.
///
/// Removing records from the end leaves a shorter chain that still checks; the count and the last
/// hash that `verify-audit` prints are what to note outside Waymark (in a Board pack, say) so
/// that a later check can show nothing was taken off the end.
enum AuditChain {
    /// The "previous hash" of the first record.
    static let origin = String(repeating: "0", count: 64)

    /// One record as it is hashed. Times count in whole milliseconds, which both databases keep
    /// exactly, so a record read back hashes as it was written.
    struct Record: Decodable, Sendable {
        var id: Int
        var occurred_at: Date?
        var actor: String
        var action: String
        var entity: String
        var entity_id: Int?
        var plan_id: Int?
        var summary: String
        var before_values: String?
        var after_values: String?
        var previous_hash: String?
        var hash: String?

        var milliseconds: Int? { occurred_at.map { AuditChain.milliseconds($0) } }
    }

    static func milliseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The hash of a record's content and its predecessor's hash. Each field is written with its
    /// length, and a missing one as "-", so no two different records read the same.
    static func hash(_ r: Record, previous: String) -> String {
        var text = "waymark-audit-v1"
        func add(_ value: String?) {
            guard let value else { text += "|-"; return }
            text += "|\(value.utf8.count):" + value
        }
        add(String(r.id))
        add(r.milliseconds.map(String.init))
        add(r.actor)
        add(r.action)
        add(r.entity)
        add(r.entity_id.map(String.init))
        add(r.plan_id.map(String.init))
        add(r.summary)
        add(r.before_values)
        add(r.after_values)
        add(previous)
        return SHA256.hash(data: Data(text.utf8)).hexEncoded
    }

    /// Takes the chain's turn, then the id and hash the next record follows. The turn lasts until
    /// the transaction ends: on PostgreSQL an advisory lock, on SQLite the write gate, so two
    /// transactions never chain on to the same record.
    static func next(on sql: any SQLDatabase) async throws -> (id: Int, previous: String) {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(hashtext('waymark.audit_chain'))").run()
        }
        struct Last: Decodable { var id: Int; var hash: String? }
        let last = try await sql.raw("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").first(decoding: Last.self)
        return ((last?.id ?? 0) + 1, last?.hash ?? origin)
    }

    /// Calls `body` with every record in id order, read a page at a time; `body` returns false to stop.
    static func eachRecord(on sql: any SQLDatabase, pageSize: Int, _ body: (Record) async throws -> Bool) async throws {
        var after = 0
        while true {
            let page = try await sql.raw("""
                SELECT id, occurred_at, actor, action, entity, entity_id, plan_id, summary, before_values, after_values,
                       previous_hash, hash FROM audit_events WHERE id > \(bind: after) ORDER BY id LIMIT \(bind: pageSize)
                """).all(decoding: Record.self)
            for record in page where try await !body(record) { return }
            guard let last = page.last, page.count == pageSize else { return }
            after = last.id
        }
    }

    /// Chains every record from the first, in id order: for a trail written before records were
    /// chained (the migration that brought the chain in).
    static func seal(on sql: any SQLDatabase) async throws {
        var previous = origin
        try await eachRecord(on: sql, pageSize: 1_000) { record in
            let hash = hash(record, previous: previous)
            try await sql.update("audit_events").set("previous_hash", to: previous).set("hash", to: hash).where("id", .equal, record.id).run()
            previous = hash
            return true
        }
    }

    struct Verdict: Sendable {
        var records = 0
        var first: Record?
        var last: Record?
        /// The first record whose hash or link does not hold, and why, in words.
        var broken: (id: Int, reason: String)?
        var isWhole: Bool { broken == nil }
    }

    /// Reads the whole trail in id order, a page at a time, and checks every link.
    static func verify(on sql: any SQLDatabase, pageSize: Int = 2_000) async throws -> Verdict {
        var verdict = Verdict()
        var previous = origin
        try await eachRecord(on: sql, pageSize: pageSize) { record in
            if verdict.first == nil { verdict.first = record }
            verdict.records += 1
            if record.previous_hash != previous {
                let gap = verdict.last.map { "the record before it, #\($0.id)" } ?? "the start of the trail"
                verdict.broken = (record.id, "its link does not match \(gap): a record between them was removed or changed, or this one was inserted")
                return false
            }
            if hash(record, previous: previous) != record.hash {
                verdict.broken = (record.id, "its content no longer matches its hash: it was changed after it was written")
                return false
            }
            previous = record.hash ?? ""
            verdict.last = record
            return true
        }
        return verdict
    }
}
