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

        /// The same key for another figure of the same thing (`count`, `anchor`).
        func named(_ figure: String) -> Key {
            Key(planID: planID, version: version, asOf: asOf, kind: figure + "-" + kind)
        }
    }

    private let entries = NIOLockedValueBox<[Key: Task<any Sendable, any Error>]>([:])
    let capacity: Int

    /// Small on purpose: one entry can hold every milestone of a large plan, and only the current
    /// version of each plan is worth keeping.
    init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// How many figures are kept, or being worked out, now.
    var count: Int { entries.withLockedValue(\.count) }

    /// The cached value, or one computation shared by every caller asking for the same key at
    /// once, so a burst of requests after a change works the figures out once, not 32 times.
    func value<T: Sendable>(_ key: Key, compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = entries.withLockedValue { entries -> Task<any Sendable, any Error> in
            if let existing = entries[key] { return existing }
            // Old versions are dead weight; a full cache simply starts again.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            let created = Task<any Sendable, any Error> { try await compute() }
            entries[key] = created
            return created
        }
        do {
            guard let value = try await task.value as? T else { throw UnexpectedDatabaseAnswer("cached value of the wrong type for \(key.kind)") }
            return value
        } catch {
            // A failure is not remembered: the next request tries again.
            entries.withLockedValue { if $0[key] == task { $0[key] = nil } }
            throw error
        }
    }
}

extension Application {
    struct ReportCacheKey: StorageKey { typealias Value = ReportCache }

    /// Set once when routes are registered, before any request can race to create it.
    var reportCache: ReportCache? { storage[ReportCacheKey.self] }

    struct ListCountsKey: StorageKey { typealias Value = ReportCache }
    struct ListAnchorsKey: StorageKey { typealias Value = ReportCache }

    /// Milestone lists' totals by filter (`MilestoneQuery.page`), apart from the reports so that
    /// many filters do not push the reports out.
    var listCounts: ReportCache? { storage[ListCountsKey.self] }

    /// Where deep pages by offset start (`MilestoneQuery.anchor(before:…)`), apart from the
    /// totals so that a walk down a long list does not push them out.
    var listAnchors: ReportCache? { storage[ListAnchorsKey.self] }
}
