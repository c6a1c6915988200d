import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A person sees where they are signed in and can sign out elsewhere; so can an administrator.
@Suite struct SignedInSessionsTests {
    @Test(arguments: TestDatabase.allCases)
    func peopleAndAdministratorsSeeAndEndSessions(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let boardID = try #require(accounts.ids[.boardMember])
            var laptop = try WebClient(app), tablet = try WebClient(app), phone = try WebClient(app)
            try await laptop.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            try await tablet.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            try await phone.signIn(TestAccounts.email(.boardMember), TestAccounts.password)

            let sessions = try await SignedInSessions(db: app.db).list(of: boardID, currentKey: nil)
            #expect(sessions.count == 3)
            #expect(sessions.allSatisfy { $0.startedAt != nil && $0.seenAt != nil })
            let page = try await laptop.get("/account/sessions")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("This browser"))
            #expect(page.body.string.components(separatedBy: "Sign out<span class=\"visually-hidden\"> the session").count - 1 == 2)

            // The laptop signs the tablet out; the tablet's next page is the sign-in page.
            let laptopKey = try #require(laptop.cookies["waymark-session"])
            let others = try await SignedInSessions(db: app.db).list(of: boardID, currentKey: laptopKey).filter { !$0.isCurrent }
            let tabletKey = try #require(tablet.cookies["waymark-session"])
            let tabletSession = try #require(try await SignedInSessions(db: app.db).list(of: boardID, currentKey: tabletKey).first { $0.isCurrent })
            #expect(others.contains { $0.id == tabletSession.id })
            #expect(try await laptop.post("/account/sessions/\(tabletSession.id)/end", [:]).status == .seeOther)
            #expect(try await tablet.get("/plans").status == .seeOther)
            #expect(try await laptop.get("/plans").status == .ok)

            // Nobody can end another account's session by its id through their own page.
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let phoneKey = try #require(phone.cookies["waymark-session"])
            let phoneSession = try #require(try await SignedInSessions(db: app.db).list(of: boardID, currentKey: phoneKey).first { $0.isCurrent })
            _ = try await viewer.post("/account/sessions/\(phoneSession.id)/end", [:])
            #expect(try await phone.get("/plans").status == .ok)

            // An administrator sees the account's sessions and ends one.
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            #expect(try await admin.get("/admin/users/\(boardID)").body.string.contains("Signed-in sessions"))
            #expect(try await admin.post("/admin/users/\(boardID)/sessions/\(phoneSession.id)/end", [:]).status == .seeOther)
            #expect(try await phone.get("/plans").status == .seeOther)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "user.session_ended").count() == 2)
            // Only administrators end other people's sessions.
            #expect(try await viewer.post("/admin/users/\(boardID)/sessions/\(phoneSession.id)/end", [:]).status == .forbidden)
        }
    }
}
