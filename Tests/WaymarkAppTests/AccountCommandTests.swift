import Foundation
import Vapor
import Testing
import WaymarkTestSupport
@testable import WaymarkApp

/// `waymark disable-user` and `enable-user`, run as the real executable on a scratch SQLite file.
@Suite(.serialized) struct AccountCommandTests {
    @Test func disableAndEnableAnAccountFromTheCommandLine() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        #expect(try waymark.run("create-admin", "--email", "root@council.test").status == 0)
        let created = try waymark.run("create-user", "--email", "viewer@council.test", "--name", "Vee", "--role", "viewer")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try waymark.run("create-token", "--email", "viewer@council.test", "--name", "script").status == 0)

        let disabled = try waymark.run("disable-user", "--email", "Viewer@Council.test")
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(disabled.stdout.contains("Disabled viewer@council.test; its sessions and API tokens were revoked."))
        #expect(try waymark.run("enable-user", "--email", "viewer@council.test").stdout.contains("Re-enabled viewer@council.test."))

        let unknown = try waymark.run("disable-user", "--email", "nobody@council.test")
        #expect(unknown.status != 0)
        #expect((unknown.stdout + unknown.stderr).contains("there is no account nobody@council.test"))
        // The only administrator stays.
        let lastAdmin = try waymark.run("disable-user", "--email", "root@council.test")
        #expect(lastAdmin.status != 0)
        #expect((lastAdmin.stdout + lastAdmin.stderr).contains("only enabled administrator"))
    }
}

/// `waymark create-user --role reviewer`, on a database holding a review.
@Suite(.serialized) struct ReviewerCommandTests {
    @Test func aReviewerAccountFromTheCommandLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-reviewer-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let app = try await Application.make(.testing)
        do {
            try await Waymark.configure(app, location: .sqlite(path: path), command: "migrate")
            try await app.autoMigrate()
            let planID = try await importSeedPlan(app).planID
            let officer = User(email: "po@council.test", displayName: "PO", passwordHash: "x", role: .performanceOfficer)
            try await officer.create(on: app.db)
            guard case .saved = try await ReviewService(db: app.db, user: officer).create(.init(planID: planID, kind: "lga_corporate_peer_challenge", title: "Peer challenge")) else {
                throw TestSetupError("review not created")
            }
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        let waymark = try WaymarkProcess(databaseURL: path)
        defer { waymark.cleanUp() }
        let noReview = try waymark.run("create-user", "--email", "ros@doncaster.example", "--name", "Ros Jones", "--role", "reviewer")
        #expect(noReview.status != 0)
        #expect(noReview.stderr.contains("--review: a reviewer's account belongs to a review"), "\(noReview.stderr)")
        let undated = try waymark.run("create-user", "--email", "ros@doncaster.example", "--name", "Ros Jones", "--role", "reviewer", "--review", "1")
        #expect(undated.status != 0)
        #expect(undated.stderr.contains("--valid-from: Enter the first and last days of access"), "\(undated.stderr)")
        let backwards = try waymark.run("create-user", "--email", "ros@doncaster.example", "--name", "Ros Jones", "--role", "reviewer", "--review", "1",
                                        "--valid-from", "2018-07-01", "--valid-until", "2018-06-01")
        #expect(backwards.stderr.contains("--valid-until: The access must end on or after the day it starts"), "\(backwards.stderr)")
        let made = try waymark.run("create-user", "--email", "ros@doncaster.example", "--name", "Ros Jones", "--role", "reviewer", "--review", "1",
                                   "--valid-from", "2018-06-05", "--valid-until", "2018-07-06")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Created ros@doncaster.example (External reviewer of review 1, 2018-06-05 to 2018-07-06). One-time password (shown once): "))
    }
}
