import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Two-step sign-in, through the pages as a person uses them: setting up with the key shown,
/// signing in with a code (once only) or a recovery code (once only), throttling, an
/// administrator's requirement, and turning it off.
@Suite struct TwoStepSignInTests {
    static let start = Date(timeIntervalSince1970: 2_000_000_010)

    /// Sets up two-step sign-in for the signed-in client; returns the secret and the recovery codes.
    static func setUp(_ web: inout WebClient, at now: Date) async throws -> (secret: [UInt8], codes: [String]) {
        let page = try await web.get("/account/two-step")
        #expect(page.status == .ok)
        let key = try #require(page.body.string.firstMatch(of: /<code id="secret-key">([A-Z2-7 ]+)<\/code>/)?.1)
        let secret = try #require(Base32.decode(String(key)))
        #expect(page.body.string.contains("otpauth://totp/Waymark:"))
        let wrong = try await web.post("/account/two-step", ["code": "000000"])
        #expect(wrong.status == .unprocessableEntity)
        #expect(wrong.body.string.contains("The code is not right"))
        let done = try await web.post("/account/two-step", ["code": TOTP(secret: secret).code(at: now)])
        #expect(done.status == .ok)
        let codes = done.body.string.matches(of: /<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code><\/li>/).map { String($0.1) }
        #expect(codes.count == 10)
        return (secret, codes)
    }

    /// Signs in with the password; the answer is where it leads.
    static func password(_ web: inout WebClient, _ email: String) async throws -> String? {
        _ = try await web.get("/sign-in")
        let response = try await web.post("/sign-in", ["email": email, "password": TestAccounts.password])
        #expect(response.status == .seeOther)
        return response.headers.first(name: .location)
    }

    @Test(arguments: TestDatabase.allCases)
    func aCodeOrARecoveryCodeSignsInOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            let clock = ManualClock(start: Self.start)
            app.now = { clock.now }
            let email = TestAccounts.email(.boardMember)
            var web = try WebClient(app)
            try await web.signIn(email, TestAccounts.password)
            let (secret, codes) = try await Self.setUp(&web, at: clock.now)
            #expect(try await app.count("recovery_codes") == 10)
            _ = try await web.post("/sign-out", [:])

            var browser = try WebClient(app)
            #expect(try await Self.password(&browser, email) == "/sign-in/code")
            let waitingCookie = browser.cookies["waymark-session"]
            // Between the steps nothing is open.
            #expect(try await browser.get("/plans").status == .seeOther)
            #expect(try await browser.get("/account").headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            // The code used to set up cannot be used again, even within its 30 seconds.
            let replay = try await browser.post("/sign-in/code", ["code": TOTP(secret: secret).code(at: clock.now)])
            #expect(replay.status == .unprocessableEntity)
            #expect(replay.body.string.contains("The code is not right"))
            clock.advance(by: 30)
            let good = try await browser.post("/sign-in/code", ["code": TOTP(secret: secret).code(at: clock.now)])
            #expect(good.status == .seeOther)
            #expect(good.headers.first(name: .location) == "/plans")
            #expect(try await browser.get("/plans").status == .ok)
            // Signing in gives a new session id: the one held between the steps is worthless.
            #expect(browser.cookies["waymark-session"] != nil && browser.cookies["waymark-session"] != waitingCookie)

            // Moving two steps to a new app needs the password as well as the new app's code.
            let page = try await browser.get("/account/two-step")
            let newKey = try #require(page.body.string.firstMatch(of: /<code id="secret-key">([A-Z2-7 ]+)<\/code>/)?.1)
            let newSecret = try #require(Base32.decode(String(newKey)))
            let noPassword = try await browser.post("/account/two-step", ["code": TOTP(secret: newSecret).code(at: clock.now)])
            #expect(noPassword.status == .unprocessableEntity)
            #expect(noPassword.body.string.contains("Enter your password"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "user.second_factor_moved").count() == 0)

            var lost = try WebClient(app)
            #expect(try await Self.password(&lost, email) == "/sign-in/code")
            let recovered = try await lost.post("/sign-in/code", ["code": codes[3].uppercased().replacingOccurrences(of: "-", with: " ")])
            #expect(recovered.headers.first(name: .location) == "/account/two-step?recovery_code_used=1")
            #expect(try await lost.get("/account/two-step?recovery_code_used=1").body.string.contains("You have 9 recovery codes left"))
            var again = try WebClient(app)
            #expect(try await Self.password(&again, email) == "/sign-in/code")
            #expect(try await again.post("/sign-in/code", ["code": codes[3]]).status == .unprocessableEntity)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "user.recovery_code_used").count() == 1)

            // Five wrong codes, then even the right one waits.
            for _ in 0..<SignInThrottle.maxFailures { _ = try await again.post("/sign-in/code", ["code": "123456"]) }
            clock.advance(by: 30)
            let held = try await again.post("/sign-in/code", ["code": TOTP(secret: secret).code(at: clock.now)])
            #expect(held.status == .unprocessableEntity)
            #expect(held.body.string.contains("too many wrong codes"))

            // The wait between the steps runs out after five minutes.
            var slow = try WebClient(app)
            #expect(try await Self.password(&slow, email) == "/sign-in/code")
            clock.advance(by: 6 * 60)
            let late = try await slow.post("/sign-in/code", ["code": TOTP(secret: secret).code(at: clock.now)])
            #expect(late.headers.first(name: .location) == "/sign-in?code_expired=1")
        }
    }

    /// Ten browsers, each past the password, send the same fresh code at once: one signs in.
    @Test(arguments: TestDatabase.allCases)
    func theSameCodeSentTenTimesAtOnceSignsInOnce(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await TestAccounts.make(first)
            let clock = ManualClock(start: Self.start)
            first.now = { clock.now }
            second.now = { clock.now }
            let email = TestAccounts.email(.viewer)
            var owner = try WebClient(first)
            try await owner.signIn(email, TestAccounts.password)
            let (secret, _) = try await Self.setUp(&owner, at: clock.now)
            clock.advance(by: 30)
            var browsers: [WebClient] = []
            for index in 0..<10 {
                var browser = try WebClient(index.isMultiple(of: 2) ? first : second)
                #expect(try await Self.password(&browser, email) == "/sign-in/code")
                browsers.append(browser)
            }
            let code = TOTP(secret: secret).code(at: clock.now)
            let ready = browsers
            let statuses = await allAtOnce(10) { index in
                var browser = ready[index]
                return Int(try await browser.post("/sign-in/code", ["code": code]).status.code)
            }.map { $0.value ?? 0 }
            let signedIn = statuses.filter { $0 == 303 }.count, refused = statuses.filter { $0 == 422 }.count
            #expect(signedIn == 1, "\(statuses)")
            #expect(refused == 9, "\(statuses)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anAdministratorRequiresItForThoseWhoCanChangeEverything(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let clock = ManualClock(start: Self.start)
            app.now = { clock.now }
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            #expect(try await admin.post("/admin/settings/two-step", ["required": "yes"]).status == .seeOther)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "settings.second_factor").count() == 1)

            // A performance officer must set it up before anything else.
            var officer = try WebClient(app)
            #expect(try await Self.password(&officer, TestAccounts.email(.performanceOfficer)) == "/account/two-step")
            // Nor does the API answer such a session.
            let api = try await officer.get("/api/v1/plans")
            #expect(api.status == .unauthorized, "\(api.status)")
            let blocked = try await officer.get("/plans")
            #expect(blocked.headers.first(name: .location) == "/account/two-step")
            #expect(try await officer.get("/account/two-step").body.string.contains("Set up two-step sign-in to continue"))
            _ = try await Self.setUp(&officer, at: clock.now)
            #expect(try await officer.get("/plans").status == .ok)
            // ...and cannot turn it off while it is required.
            let keep = try await officer.post("/account/two-step/off", ["password": TestAccounts.password])
            #expect(keep.status == .unprocessableEntity)
            #expect(keep.body.string.contains("Your role needs two-step sign-in"))

            // A lead officer is not covered.
            var lead = try WebClient(app)
            #expect(try await Self.password(&lead, TestAccounts.email(.leadOfficer)) == "/plans")

            // The administrator turns it off for someone who lost their phone: their sessions end.
            let officerID = try #require(accounts.ids[.performanceOfficer])
            let off = try await admin.post("/admin/users/\(officerID)/two-step/off", [:])
            #expect(off.status == .ok)
            #expect(off.body.string.contains("Two-step sign-in turned off"))
            #expect(try await officer.get("/plans").status == .seeOther)
            #expect(try await SecondFactorService(db: app.db).status(of: officerID).isOn == false)
            #expect(try await app.count("recovery_codes") == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theOwnerTurnsItOffWithTheirPassword(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let accounts = try await TestAccounts.make(app)
            let clock = ManualClock(start: Self.start)
            app.now = { clock.now }
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            _ = try await Self.setUp(&web, at: clock.now)
            let wrong = try await web.post("/account/two-step/off", ["password": "not my password at all"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Your password is not right"))
            let off = try await web.post("/account/two-step/off", ["password": TestAccounts.password])
            #expect(off.headers.first(name: .location) == "/account/two-step?off=1")
            #expect(try await SecondFactorService(db: app.db).status(of: accounts.ids[.boardMember]!).isOn == false)
            var next = try WebClient(app)
            #expect(try await Self.password(&next, TestAccounts.email(.boardMember)) == "/plans")
        }
    }
}
