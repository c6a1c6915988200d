import Fluent
import SQLKit
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// The signed-in page path reads the session, its user and the plan with plain SQL instead of
/// Fluent's query builder. These check it sees exactly what Fluent sees, and caches nothing.
@Suite struct SessionReadingTests {
    @Test(arguments: TestDatabase.allCases)
    func sessionAndUserAreReadTogetherAndNothingIsCached(_ kind: TestDatabase) async throws {
        try await withApp(kind) { app in
            let accounts = try await TestAccounts.make(app)
            var client = try WebClient(app)
            try await client.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let page = try await client.get("/plans")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(Role.viewer.label))

            // Disabling the account ends its sessions on the very next request.
            let viewer = try #require(try await User.find(accounts.ids[.viewer], on: app.db))
            viewer.disabled = true
            try await viewer.save(on: app.db)
            let afterDisabling = try await client.get("/plans")
            #expect(afterDisabling.status == .seeOther)
            #expect(afterDisabling.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aSessionWithoutAUserIsStillASession(_ kind: TestDatabase) async throws {
        try await withApp(kind) { app in
            var client = try WebClient(app)
            let signIn = try await client.get("/sign-in")
            #expect(signIn.status == .ok)
            let token = try #require(client.csrf)
            // The second visit reads the stored session back; its CSRF token must survive the join.
            _ = try await client.get("/sign-in")
            #expect(client.csrf == token)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPlanReadWithPlainSQLIsThePlanFluentFinds(_ kind: TestDatabase) async throws {
        try await withApp(kind) { app in
            let plan = Plan(title: "Row Plan", periodLabel: "2017-18", periodStart: "2017-04-01", periodEnd: "2018-03-31", state: .draft)
            try await plan.create(on: app.db)
            let viaFluent = try #require(try await Plan.find(plan.id, on: app.db))
            let viaSQL = try #require(try await Plan.read(plan.id!, on: app.db))
            #expect(viaSQL.$id.exists)
            #expect([viaSQL.title, viaSQL.periodLabel, viaSQL.periodStart, viaSQL.periodEnd] == [viaFluent.title, viaFluent.periodLabel, viaFluent.periodStart, viaFluent.periodEnd])
            #expect(viaSQL.state == .draft && viaSQL.dataVersion == viaFluent.dataVersion)
            #expect(viaSQL.createdAt == viaFluent.createdAt && viaSQL.updatedAt == viaFluent.updatedAt)
            #expect(try await Plan.read(plan.id! + 1000, on: app.db) == nil)
        }
    }
}
