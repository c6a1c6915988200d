import Foundation
import SQLKit
import WaymarkCore

/// Deep pages by offset without counting from the start every time.
///
/// An offset of 900,000 makes the database step over 900,000 index entries on every request,
/// which no index avoids. So the list remembers, per plan data version, stored statuses and
/// filter, which milestone stands at every `spacing`th place it has been asked past (the
/// anchor), and a deep page starts its scan there: at most `spacing` entries are stepped over.
/// The anchor is keyed like the list's total, so any write that could move a milestone in or
/// out of the list, or along it, moves the key on and the anchor is found again.
extension MilestoneQuery {
    struct OffsetAnchor: Decodable, Sendable {
        var list_rank: Int?
        var id: Int
    }

    /// Kept even when the place is past the end of the list, so that is not asked again.
    private struct FoundAnchor: Sendable {
        var anchor: OffsetAnchor?
    }

    /// The milestone at the nearest anchored place at or before `offset`, and how many rows lie
    /// between it and `offset`; nil when the offset is before the first anchor.
    /// - Parameter matching: the list's `FROM … WHERE …`, the same as the page's own.
    static func anchor(before offset: Int, every spacing: Int, matching: SQLQueryString, key: ReportCache.Key,
                       in cache: ReportCache, on sql: any SQLDatabase) async throws -> (anchor: OffsetAnchor, skip: Int)? {
        let place = offset - offset % spacing
        guard spacing > 0, place > 0 else { return nil }
        var placed = key
        placed.kind += "-at-\(place)"
        let found = try await cache.value(placed) { @Sendable in
            FoundAnchor(anchor: try await sql.raw("SELECT m.list_rank, m.id " + matching + " ORDER BY m.list_rank, m.id LIMIT 1 OFFSET \(bind: place)")
                .first(decoding: OffsetAnchor.self))
        }
        // A milestone not yet ranked cannot be compared; the page then counts from the start.
        guard let anchor = found.anchor, anchor.list_rank != nil else { return nil }
        return (anchor, offset - place)
    }
}
