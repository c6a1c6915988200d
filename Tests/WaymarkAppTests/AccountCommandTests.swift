import Foundation
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
