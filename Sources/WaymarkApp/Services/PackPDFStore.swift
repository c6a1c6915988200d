import Fluent
import Foundation
import SQLKit
import Vapor
import WaymarkCore

/// Closed periods' Board packs as PDF, kept in the database so every server shares them.
///
/// One row per period and closing (the frozen snapshot). Some of a closed pack can still change
/// (a rating override, the rating rules, a Board decision on a revised deadline, the agenda item
/// that presents it, the plan's title, and the title block's date, which is the day of printing
/// until the pack is on a meeting's agenda), so each row also holds a fingerprint of the exact
/// HTML that was printed: a row is served only while the pack would print the same HTML, and is
/// replaced when it would not. A reopened and re-closed period has a new closing, so a new row;
/// the earlier closings' rows are removed then.
enum PackPDFStore {
    /// Which snapshot, and exactly what it prints.
    struct Key: Hashable, Sendable {
        var periodID: Int
        var closing: Int
        var fingerprint: String
    }

    /// The key of a pack that can be cached: a closed period's frozen snapshot, not a draft and
    /// not a past view rebuilt from the audit trail.
    static func key(_ report: PeriodReport, html: String) -> Key? {
        guard report.isFinal, report.recordedOn == nil, report.periodID != 0, report.closing > 0 else { return nil }
        let digest = SHA256.hash(data: Data(html.utf8)).hexEncoded
        return Key(periodID: report.periodID, closing: report.closing, fingerprint: digest)
    }

    static func cached(_ key: Key, on db: any Database) async throws -> [UInt8]? {
        struct Row: Decodable { var bytes: Data }
        let row = try await db.sql.select().column("bytes").from("pack_pdfs")
            .where("period_id", .equal, key.periodID).where("closing", .equal, key.closing).where("fingerprint", .equal, key.fingerprint)
            .first(decoding: Row.self)
        return row.map { [UInt8]($0.bytes) }
    }

    /// Keeps `bytes` as the snapshot's PDF, in place of any earlier one for the period.
    static func store(_ key: Key, bytes: [UInt8], on db: any Database) async throws {
        try await db.writeTransaction { tx in
            let sql = tx.sql
            try await sql.delete(from: "pack_pdfs").where("period_id", .equal, key.periodID).where("closing", .notEqual, key.closing).run()
            // Two servers rendering the same pack at once: the later one's row simply replaces the earlier.
            try await sql.insert(into: "pack_pdfs").columns("period_id", "closing", "fingerprint", "bytes", "created_at")
                .values(SQLBind(key.periodID), SQLBind(key.closing), SQLBind(key.fingerprint), SQLBind(Data(bytes)), SQLBind(Date()))
                .onConflict(with: ["period_id", "closing"]) { conflict in
                    try conflict.set(excludedValueOf: "fingerprint").set(excludedValueOf: "bytes").set(excludedValueOf: "created_at")
                }
                .run()
        }
    }
}
