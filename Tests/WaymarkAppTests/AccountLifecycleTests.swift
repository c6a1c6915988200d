import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct AccountLifecycleTests {
    private func sessions(of userID: Int, _ app: Application) async throws -> Int {
        let owner = SignedInSessions.owner(app.sql)
        struct Row: Decodable { var n: Int }
        return try await app.sql.raw("SELECT COUNT(*) AS n FROM _fluent_sessions WHERE \(unsafeRaw: owner) = \(bind: userID)").first(decoding: Row.self)!.n
    }

    private func actions(_ app: Application) async throws -> [String] {
        try await AuditEvent.query(on: app.db).sort(\.$id).all().map(\.action)
    }

    @Test(arguments: TestDatabase.allCases)
    func anAdministratorChangesRoleAndLeadOfficer(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let leadID = try #require(accounts.ids[.leadOfficer])
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            _ = try await apiHeaders(app, accounts, .leadOfficer)
            #expect(try await admin.get("/admin/users/\(leadID)").body.string.contains("Change role or lead officer"))

            // A lead officer account must name its lead officer.
            let missing = try await admin.post("/admin/users/\(leadID)", ["role": "lead_officer", "person_id": ""])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Select the lead officer this account updates milestones for"))

            let changed = try await admin.post("/admin/users/\(leadID)", ["role": "viewer", "person_id": String(accounts.leadPersonID)])
            #expect(changed.status == .ok)
            let saved = try #require(try await User.find(leadID, on: app.db))
            #expect(saved.role == .viewer)
            // A new role ends the account's sessions and API tokens.
            #expect(try await sessions(of: leadID, app) == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == leadID).count() == 0)
            #expect(saved.$person.id == nil)  // only lead officers speak for a person
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "user.updated").first())
            #expect(audit.beforeValues?.contains("lead_officer") == true)
            #expect(audit.afterValues?.contains("viewer") == true)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func disablingRevokesSessionsAndTokensAtOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let leadID = try #require(accounts.ids[.leadOfficer])
            var lead = try WebClient(app)
            try await lead.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            let leadUser = try #require(try await User.find(leadID, on: app.db))
            let token = try await APITokenService(db: app.db).create(for: leadUser, name: "script", by: "test")
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            #expect(try await lead.get("/api/v1/plans", headers: bearer).status == .ok)

            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let disabled = try await admin.post("/admin/users/\(leadID)/disable", [:])
            #expect(disabled.status == .ok)
            #expect(disabled.body.string.contains("Disabled"))

            // The very next request of the signed-in lead officer is signed out; the token is refused.
            let after = try await lead.get("/plans")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            #expect(try await lead.get("/api/v1/plans", headers: bearer).status == .unauthorized)
            #expect(try await sessions(of: leadID, app) == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == leadID).count() == 0)
            // A disabled account cannot sign in, even with the right password.
            var again = try WebClient(app)
            _ = try await again.get("/sign-in")
            #expect(try await again.post("/sign-in", ["email": TestAccounts.email(.leadOfficer), "password": TestAccounts.password]).status == .unprocessableEntity)

            // Re-enabling brings back neither the session nor the token, and deletes nothing in the trail.
            #expect(try await admin.post("/admin/users/\(leadID)/enable", [:]).status == .ok)
            #expect(try await lead.get("/plans").status == .seeOther)
            #expect(try await lead.get("/api/v1/plans", headers: bearer).status == .unauthorized)
            try await again.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            #expect(try await again.get("/plans").status == .ok)
            let trail = try await actions(app)
            #expect(trail.contains("user.disabled") && trail.contains("user.enabled") && trail.contains("api_token.created"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aResetGivesAOneTimePasswordThatMustBeChangedFirst(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let viewerID = try #require(accounts.ids[.viewer])
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)

            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let page = try await admin.post("/admin/users/\(viewerID)/reset-password", [:]).body.string
            let oneTime = try #require(page.range(of: "<code>").map { String(page[$0.upperBound...].prefix(while: { $0 != "<" })) })
            #expect(oneTime.count == 16)
            // The reset ended the viewer's session, and the old password no longer works.
            #expect(try await viewer.get("/plans").status == .seeOther)
            var fresh = try WebClient(app)
            _ = try await fresh.get("/sign-in")
            #expect(try await fresh.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password]).status == .unprocessableEntity)

            // Signed in with the one-time password, every page leads to the change of password.
            #expect(try await fresh.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": oneTime]).status == .seeOther)
            let blocked = try await fresh.get("/plans")
            #expect(blocked.status == .seeOther)
            #expect(blocked.headers.first(name: .location) == "/account/password")
            #expect(try await fresh.get("/admin/audit").headers.first(name: .location) == "/account/password")
            let form = try await fresh.get("/account/password")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("You signed in with a one-time password"))
            let weak = try await fresh.post("/account/password", ["current_password": oneTime, "new_password": "short", "confirm_password": "short"])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.string.contains("at least 12 characters"))
            let chosen = "a new viewer passphrase"
            let done = try await fresh.post("/account/password", ["current_password": oneTime, "new_password": chosen, "confirm_password": chosen])
            #expect(done.status == .seeOther)
            #expect(try await fresh.get("/plans").status == .ok)
            #expect(try await User.find(viewerID, on: app.db)?.mustChangePassword == false)
            #expect(try await actions(app).filter { $0 == "user.password_reset" || $0 == "user.password_changed" } == ["user.password_reset", "user.password_changed"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func changingOnesOwnPasswordEndsTheOtherSessionsOnly(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let boardID = try #require(accounts.ids[.boardMember])
            var laptop = try WebClient(app), tablet = try WebClient(app)
            try await laptop.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            try await tablet.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            #expect(try await sessions(of: boardID, app) == 2)

            let wrong = try await laptop.post("/account/password", ["current_password": "not it", "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Your current password is not right"))
            let mismatch = try await laptop.post("/account/password", ["current_password": TestAccounts.password, "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase!"])
            #expect(mismatch.body.string.contains("The passwords do not match"))

            let done = try await laptop.post("/account/password", ["current_password": TestAccounts.password, "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"])
            #expect(done.status == .seeOther)
            #expect(try await laptop.get("/account?changed=1").body.string.contains("Password changed"))
            #expect(try await tablet.get("/plans").status == .seeOther)
            #expect(try await sessions(of: boardID, app) == 1)
            var other = try WebClient(app)
            try await other.signIn(TestAccounts.email(.boardMember), "a brand new passphrase")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theLastAdministratorCannotBeDisabledOrDemoted(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let adminID = try #require(accounts.ids[.admin])
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let disable = try await admin.post("/admin/users/\(adminID)/disable", [:])
            #expect(disable.status == .unprocessableEntity)
            #expect(disable.body.string.contains("only enabled administrator"))
            #expect(try await admin.post("/admin/users/\(adminID)", ["role": "viewer"]).status == .unprocessableEntity)
            #expect(try await User.find(adminID, on: app.db)?.role == .admin)
            #expect(try await User.find(adminID, on: app.db)?.disabled == false)
            // With a second administrator, the first may step down.
            let viewerID = try #require(accounts.ids[.viewer])
            #expect(try await admin.post("/admin/users/\(viewerID)", ["role": "admin"]).status == .ok)
            #expect(try await admin.post("/admin/users/\(adminID)", ["role": "viewer"]).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aSignInLinkWorksOnceWithinItsLifetime(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let viewerID = try #require(accounts.ids[.viewer])
            let service = AccountService(db: app.db, bcryptCost: 4)
            let token = try await service.issueSignInLink(for: viewerID, purpose: .reset, by: "test")
            #expect(try await User.find(viewerID, on: app.db)?.mustChangePassword == true)

            var visitor = try WebClient(app)
            let page = try await visitor.get("/sign-in/link/\(token)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Choose your password"))
            let mismatch = try await visitor.post("/sign-in/link/\(token)", ["new_password": "a linked passphrase", "confirm_password": "something else"])
            #expect(mismatch.status == .unprocessableEntity)
            let used = try await visitor.post("/sign-in/link/\(token)", ["new_password": "a linked passphrase", "confirm_password": "a linked passphrase"])
            #expect(used.status == .seeOther)
            #expect(try await visitor.get("/plans").status == .ok)
            #expect(try await visitor.get("/sign-in/link/\(token)").status == .gone)

            // An expired link, and a link for a disabled account, cannot be used.
            let old = try await service.issueSignInLink(for: viewerID, purpose: .reset, by: "test", now: Date().addingTimeInterval(-25 * 3600))
            #expect(try await visitor.get("/sign-in/link/\(old)").status == .gone)
            let fresh = try await service.issueSignInLink(for: viewerID, purpose: .reset, by: "test")
            _ = try await service.setDisabled(userID: viewerID, true, by: "test")
            #expect(try await visitor.get("/sign-in/link/\(fresh)").status == .gone)
            // Without a mail server, there is no "Forgotten your password?".
            #expect(try await visitor.get("/forgotten-password").status == .notFound)
            #expect(try await visitor.get("/sign-in").body.string.contains("Forgotten your password?") == false)
        }
    }

    /// Ten presses of "Save password" with one link at the same moment: exactly one is taken.
    @Test(arguments: TestDatabase.allCases)
    func aSignInLinkRedeemedTenTimesAtOnceWorksOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let viewerID = try #require(accounts.ids[.viewer])
            let service = AccountService(db: app.db, bcryptCost: 4)
            let token = try await service.issueSignInLink(for: viewerID, purpose: .reset, by: "test")
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<10 {
                    group.addTask {
                        (try? await service.redeemSignInLink(token: token, password: "passphrase number \(n)", confirmation: "passphrase number \(n)")) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "user.password_changed").count() == 1)
        }
    }
}
