import FluentPostgresDriver
import Foundation
import Testing
import Vapor
@testable import WaymarkApp

/// A request caught on a connection PostgreSQL dropped must still be answered: its database is
/// checked on a connection of its own, and only when that cannot connect is it answered 503.
@Suite struct StuckRequestWatchTests {
    private func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.coreConfiguration.options.connectTimeout = DatabaseFailure.connectTimeout
        return configuration.coreConfiguration
    }

    @Test func aRequestThatWouldWaitForEverIsAnswered503WhenTheDatabaseCannotBeReached() async throws {
        let app = try await Application.make(.testing)
        do {
            let watch = StuckRequestWatch(probe: try configuration("postgres://nobody@127.0.0.1:1/none"))
            let request = Request(application: app, on: app.eventLoopGroup.next())
            await #expect(throws: DatabaseAway.self) {
                _ = try await watch.race(request) {
                    try await Task.sleep(for: .seconds(600))
                    return Response(status: .ok)
                }
            }
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func aSlowRequestRunsOnWhileTheDatabaseAnswers() async throws {
        let app = try await Application.make(.testing)
        do {
            let watch = StuckRequestWatch(probe: try configuration(try TestDatabase.postgresAdminURL))
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let answer = try await watch.race(request) {
                try await Task.sleep(for: StuckRequestWatch.patience + .seconds(2))
                return Response(status: .accepted)
            }
            #expect(answer.status == .accepted)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
