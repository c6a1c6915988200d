import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A server trusts the list of publications it last read for a couple of seconds, so a crowd of
/// readers costs no database query; a withdrawal shows once that time has passed.
@Suite struct PublicCacheTests {
    @Test(arguments: TestDatabase.allCases)
    func aWithdrawalShowsOnceTheFreshnessHasPassed(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let clock = ManualClock(start: Date(timeIntervalSince1970: 2_000_000_000))
            app.now = { clock.now }
            app.storage[Application.PublicCacheKey.self] = PublicServing.Cache(freshness: 2)
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(app)
            let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
            guard case .saved(let publication) = try await service.publish(periodID: periodID, today: AsOf.today()) else { throw TestSetupError("not published") }
            let tester = try app.testing()
            let path = "/public/publications/\(publication.id!)"
            #expect(try await tester.sendRequest(.GET, path).status == .ok)
            _ = try await service.withdraw(publicationID: publication.id!, reason: "A figure was wrong")
            clock.advance(by: 1)
            #expect(!(try await tester.sendRequest(.GET, path).body.string.contains("This publication was withdrawn")), "within the freshness")
            clock.advance(by: 1.5)
            #expect(try await tester.sendRequest(.GET, path).body.string.contains("This publication was withdrawn"))
        }
    }
}
