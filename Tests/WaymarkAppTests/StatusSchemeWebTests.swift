import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// The plan settings page and the decision form, the hard way: bad input, stale forms, ten
/// saves of one version at once on two servers, and a closed quarter that keeps its words.
@Suite struct StatusSchemeWebTests {

    @Test(arguments: TestDatabase.allCases)
    func tenSettingsSavesAndTenDecisionsOfOneVersionLetExactlyOneThrough(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (plan, _) = try await StatusSchemePlanTests.ragPlan(first)
            let planID = try plan.requireID()
            _ = try await TestAccounts.make(first)
            var client = try WebClient(first)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            let settings = try await raceForm("/plans/\(planID)/settings", ["scheme": "brag", "green_minimum": "75", "red_above": "", "version": "0"],
                                          as: client, servers: [first, second])
            #expect(settings.filter { $0 == 303 }.count == 1, "\(settings)")
            #expect(settings.filter { $0 == 409 }.count == 9, "\(settings)")
            let saved = try #require(try await Plan.find(planID, on: first.db))
            #expect(saved.statusScheme == "brag" && saved.ragGreenMinimum == 75 && saved.ragRedAbove == nil && saved.settingsVersion == 1)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "plan.settings_changed").count() == 1)

            // Back to RAG, whose statuses include Suspended, then ten decisions from one form.
            _ = try await client.post("/plans/\(planID)/settings", ["scheme": "rag", "version": "1"])
            let milestone = try #require(try await Milestone.query(on: first.db).filter(\.$plan.$id == planID).filter(\.$completedDate == nil).sort(\.$id).first())
            let id = try milestone.requireID()
            let decisions = try await raceForm("/milestones/\(id)/decision", ["status": "suspended", "reason": "Board minute 4.1", "version": String(milestone.version)],
                                           as: client, servers: [first, second])
            #expect(decisions.filter { $0 == 303 }.count == 1, "\(decisions)")
            #expect(decisions.filter { $0 == 409 }.count == 9, "\(decisions)")
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "milestone.status_decided").count() == 1)
            #expect(try await Milestone.find(id, on: first.db)?.version == milestone.version + 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSettingsFormSaysWhatIsWrongAndAClosedQuarterKeepsItsScheme(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (plan, _) = try await StatusSchemePlanTests.ragPlan(app)
            let planID = try plan.requireID()
            let accounts = try await TestAccounts.make(app)
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            let form = try await web.get("/plans/\(planID)/settings")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("value=\"rag\" checked"))
            let bad = try await web.post("/plans/\(planID)/settings", ["scheme": "purple", "green_minimum": "101", "red_above": "ten", "version": "0"])
            #expect(bad.status == .unprocessableEntity)
            let body = bad.body.string
            #expect(body.contains("<title>Error: Settings"))
            #expect(body.contains("error-summary") && body.contains("href=\"#scheme\"") && body.contains("href=\"#green_minimum\"") && body.contains("href=\"#red_above\""))
            #expect(body.contains("The GREEN threshold must be a whole number from 0 to 100, or blank to keep the default"))
            #expect(try await Plan.find(planID, on: app.db)?.settingsVersion == 0)

            // Close a quarter under RAG, then change the plan to the key-actions words.
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let periods = ReportingPeriodService(db: app.db, user: officer)
            let quarter = try await periods.opened(planID: planID, label: "Q1 2025-26")
            try await periods.closed(periodID: try quarter.requireID(), today: CalendarDate(year: 2025, month: 7, day: 15)!)
            let changed = try await web.post("/plans/\(planID)/settings", ["scheme": "key_actions", "green_minimum": "", "red_above": "", "version": "0"])
            #expect(changed.status == .seeOther)
            let stale = try await web.post("/plans/\(planID)/settings", ["scheme": "brag", "version": "0"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Nothing you sent was saved"))

            let pack = try await web.get("/periods/\(try quarter.requireID())/pack").body.string
            #expect(pack.contains("<th scope=\"col\" class=\"numeric\">Complete</th>") && pack.contains("<strong>Amber</strong>"))
            #expect(!pack.contains(">Achieved<") && !pack.contains("Under Control"))
            let dashboard = try await web.get("/plans/\(planID)").body.string
            #expect(dashboard.contains("<th scope=\"col\" class=\"numeric\">Achieved</th>") && dashboard.contains("Behind Schedule"))
            #expect(!dashboard.contains("<th scope=\"col\" class=\"numeric\">Green</th>"))
        }
    }

    static let haveringForm: [String: String] = [
        "name": "Havering: within 10 days",
        "row-1-name": "Achieved", "row-1-kind": "completed", "row-1-colour": "blue",
        "row-2-name": "On track", "row-2-kind": "on_track", "row-2-colour": "green",
        "row-3-name": "Slipping: up to 10 days late", "row-3-short": "Slipping", "row-3-kind": "late_within_tolerance", "row-3-colour": "amber", "row-3-late": "10 days",
        "row-4-name": "Off track", "row-4-kind": "late_beyond_tolerance", "row-4-colour": "red",
        "row-5-name": "On hold", "row-5-kind": "by_decision", "row-5-colour": "grey",
    ]

    @Test(arguments: TestDatabase.allCases)
    func anAdministratorDefinesASchemeThatAPlanThenReportsIn(database: TestDatabase) async throws {
        try await withTwoApps(database) { app, second in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            #expect(try await admin.get("/admin/schemes/new").status == .ok)

            var bad = Self.haveringForm
            bad["row-3-late"] = "a fortnight or so"
            bad["row-2-kind"] = "completed"
            let refused = try await admin.post("/admin/schemes/new", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("href=\"#row-3-late\"") && refused.body.string.contains("Exactly one status must mean on track"))
            #expect(try await admin.post("/admin/schemes/new", Self.haveringForm).status == .seeOther)
            let stored = try #require(try await StatusSchemeService.defined(on: app.db).first)
            #expect(stored.scheme.code == "custom_havering_within_10_days")
            #expect(try await admin.post("/admin/schemes/new", Self.haveringForm).status == .unprocessableEntity, "one scheme per name")

            // Ten edits from one form on two servers: one is saved.
            var edited = Self.haveringForm
            edited["row-4-name"] = "Behind"
            edited["version"] = "1"
            let codes = try await raceForm("/admin/schemes/\(stored.id)", edited, as: admin, servers: [app, second])
            #expect(codes.filter { $0 == 303 }.count == 1 && codes.filter { $0 == 409 }.count == 9, "\(codes)")

            // The plan reports in it, and then its words are fixed.
            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let chosen = try await officer.post("/plans/\(plan.planID)/settings", ["scheme": stored.scheme.code, "version": "0"])
            #expect(chosen.status == .seeOther)
            let dashboard = try await officer.get("/plans/\(plan.planID)?as_of=2017-12-31").body.string
            #expect(dashboard.contains("<th scope=\"col\" class=\"numeric\">Slipping</th>") && dashboard.contains("<th scope=\"col\" class=\"numeric\">Behind</th>"))
            let reportPlan = try #require(try await Plan.find(plan.planID, on: app.db))
            let report = try await PlanStatusService.report(for: reportPlan, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(report.scheme == stored.scheme.code && report.total.counts.byCode.values.reduce(0, +) == report.total.counts.active)
            edited["version"] = "2"
            let locked = try await admin.post("/admin/schemes/\(stored.id)", edited)
            #expect(locked.status == .unprocessableEntity && locked.body.string.contains("A plan reports in this scheme, so its statuses stay as they are"))
            #expect(try await admin.get("/admin/schemes").body.string.contains("(1 plan report in it)"))
        }
    }
}
