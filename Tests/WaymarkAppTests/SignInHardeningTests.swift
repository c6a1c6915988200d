import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Findings of the security probe (issue 10): where sign-in sends you, guessing at once, session
/// lifetimes on the server, uploads from people who may not send them, and the headers.
@Suite struct SignInHardeningTests {
    @Test func signInReturnsOnlyToWaymarksOwnPages() async throws {
        try await withApp(.sqlite) { app in
            for hostile in ["/\t/evil.example/x", "/\u{0B}/evil.example", "/\u{00}/x", "//evil.example", "/\\evil.example", "https://evil.example/",
                            "/ /evil.example", "/plans\r\nSet-Cookie: x=1", "/no-such-page", "javascript:alert(1)", "", "/\u{200B}/evil.example"] {
                #expect(SignInController.safeReturn(hostile, routes: app.routes) == "/plans", "\(hostile.debugDescription)")
            }
            for kept in ["/plans/1", "/plans/1/milestones?status=overdue", "/milestones/7/update", "/admin/audit?action=user.created"] {
                #expect(SignInController.safeReturn(kept, routes: app.routes) == kept)
            }
            _ = try await TestAccounts.make(app)
            var client = try WebClient(app)
            _ = try await client.get("/sign-in?return_to=%2F%09%2Fevil.example%2Fx")
            let signedIn = try await client.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password,
                                                             "return_to": "/\t/evil.example/x"])
            #expect(signedIn.headers.first(name: .location) == "/plans")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func guessesSentAtOnceAreCountedBeforeTheyAreChecked(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            let service = AccountService(db: app.db, bcryptCost: 4)
            let email = TestAccounts.email(.viewer)
            let guesses = await allAtOnce(30) { index in try await service.signIn(email: email, password: "guess \(index)") }
            let checked = guesses.filter { if case .success(.wrongDetails) = $0 { true } else { false } }.count
            // Under a flood a guess may be told to try later (503); none may be checked past the limit.
            let failures = guesses.compactMap(\.thrown).filter { !($0 is DatabaseBusy) && !($0 is ConnectionPoolTimeoutError) }
            #expect(failures.isEmpty, "\(failures)")
            #expect(checked <= AccountService.maxFailures)
            // The right password after thirty wrong ones is held back like the rest.
            guard case .throttled = try await service.signIn(email: email, password: TestAccounts.password) else {
                Issue.record("the account should be held back"); return
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func sessionsEndAfterThirtyIdleMinutesOrTwelveHours(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            let clock = ManualClock(start: Date(timeIntervalSince1970: 2_000_000_000))
            app.now = { clock.now }
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            // Within a minute the session is not written back at all.
            let stored = try await sessionData(app)
            clock.advance(by: 30)
            #expect(try await viewer.get("/plans").status == .ok)
            #expect(try await sessionData(app) == stored)
            // Active every 29 minutes, the session lives on...
            for _ in 0..<4 {
                clock.advance(by: 29 * 60)
                #expect(try await viewer.get("/plans").status == .ok)
            }
            // ...but not 31 idle minutes.
            clock.advance(by: 31 * 60)
            let idle = try await viewer.get("/plans")
            #expect(idle.status == .seeOther)
            #expect(idle.headers.first(name: .location)?.hasPrefix("/sign-in?timed_out=1") == true)
            #expect(try await viewer.get("/sign-in?timed_out=1").body.string.contains("You have been signed out"))
            #expect(try await app.count("_fluent_sessions") == 0)

            // Twelve hours after signing in, however active.
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            for _ in 0..<25 {
                clock.advance(by: 29 * 60)
                _ = try await viewer.get("/plans")
            }
            #expect(try await viewer.get("/plans").status == .seeOther)
        }
    }

    @Test func lifetimesComeFromTheEnvironment() throws {
        #expect(try SessionLifetime.fromEnvironment([:]) == .standard)
        #expect(try SessionLifetime.fromEnvironment([SessionLifetime.idleVariable: "15", SessionLifetime.absoluteVariable: "8"])
                == SessionLifetime(idle: 900, absolute: 8 * 3600))
        #expect(throws: StartupError.self) { try SessionLifetime.fromEnvironment([SessionLifetime.idleVariable: "soon"]) }
    }

    @Test(arguments: TestDatabase.allCases)
    func anUploadFromSomeoneWhoMayNotSendItIsNotRead(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            let tester = try app.testing()
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "x"])
            let body = ByteBuffer(string: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                                  + String(repeating: "a", count: 2_000_000) + "\r\n--x--\r\n")
            let anonymous = try await tester.sendRequest(.POST, "/import/apply", headers: headers, body: body)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            headers.replaceOrAdd(name: .cookie, value: viewer.cookie!)
            #expect(try await tester.sendRequest(.POST, "/import/apply", headers: headers, body: body).status == .forbidden)
            #expect(try await app.count("plans") == 0)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withApp(.sqlite) { app in
            _ = try await TestAccounts.make(app)
            var client = try WebClient(app)
            let signIn = try await client.get("/sign-in")
            for name in ["Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "X-Content-Type-Options", "Content-Security-Policy"] {
                #expect(signIn.headers.first(name: name) != nil, "\(name)")
            }
            #expect(signIn.headers.first(name: "Strict-Transport-Security") == nil)
            try await client.signIn(TestAccounts.email(.admin), TestAccounts.password)
            #expect(try await client.get("/admin/users").headers.first(name: .cacheControl) == "no-store")
            #expect(try await client.get("/account/tokens").headers.first(name: .cacheControl) == "no-store")
            #expect(SecurityHeadersMiddleware(publicURL: "https://waymark.council.gov.uk").strictTransport)
            #expect(!SecurityHeadersMiddleware(publicURL: "http://127.0.0.1:8080").strictTransport)
        }
    }

    private func sessionData(_ app: Application) async throws -> [String] {
        struct Row: Decodable { var data: String }
        let cast = app.sql.dialect.name == "postgresql" ? "CAST(data AS TEXT)" : "data"
        return try await app.sql.raw("SELECT \(unsafeRaw: cast) AS data FROM _fluent_sessions ORDER BY key").all(decoding: Row.self).map(\.data)
    }
}

/// A clock the test moves on by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
