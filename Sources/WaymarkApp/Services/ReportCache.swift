import Foundation
import NIOConcurrencyHelpers
import Vapor
import WaymarkCore

/// Plan-wide figures, kept in memory until the plan's data version moves on.
///
/// Working out 10,000 statuses takes tens of milliseconds; a dashboard is read far more often
/// than a plan changes. Entries are keyed by the data version, which every write bumps in its
/// own transaction, so a stale entry can never be served, whichever process made the change.
final class ReportCache: Sendable {
    struct Key: Hashable, Sendable {
        var planID: Int
        var version: Int
        var asOf: CalendarDate
        var kind: String
    }

    private let entries = NIOLockedValueBox<[Key: any Sendable]>([:])
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func value<T: Sendable>(_ key: Key, compute: () async throws -> T) async throws -> T {
        if let hit = entries.withLockedValue({ $0[key] }) as? T { return hit }
        let value = try await compute()
        entries.withLockedValue { entries in
            // Old versions are dead weight; a full cache simply starts again.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}

extension Application {
    struct ReportCacheKey: StorageKey { typealias Value = ReportCache }

    /// Set once when routes are registered, before any request can race to create it.
    var reportCache: ReportCache? { storage[ReportCacheKey.self] }
}
