import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// After saving an update or applying an import, the page the browser lands on says it worked,
/// in a success banner that screen readers announce (role="status"), once.
@Suite struct ConfirmationBannerTests {
    @Test(arguments: TestDatabase.allCases)
    func savingAnUpdateAndApplyingAnImportAreConfirmed(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            _ = try await team.get("/milestones/\(hers.id!)/update")
            let saved = try await team.post("/milestones/\(hers.id!)/update", ["commentary": "Booked", "forecast": "2017-12-01", "version": "1", "intent": "save"])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            let landed = try await team.get(location).body.string
            #expect(landed.contains("<div class=\"notification notification--success\" role=\"status\" aria-labelledby=\"success-title\"><h2 id=\"success-title\">Update saved</h2>"))
            #expect(!(try await team.get("/milestones/\(hers.id!)").body.string.contains("Update saved")))

            _ = try await team.get("/import")
            let bytes = try Fixtures.bytes(Fixtures.shapedPlanName)
            let applied = try await team.post("/import/apply", ["content": Data(bytes).base64EncodedString(), "filename": Fixtures.shapedPlanName,
                                                                 "plan": "\(plan.planID)", "sheet": ""])
            #expect(applied.status == .seeOther)
            let dashboardURL = try #require(applied.headers.first(name: .location))
            #expect(dashboardURL == "/plans/\(plan.planID)?imported=1")
            let dashboard = try await team.get(dashboardURL).body.string
            #expect(dashboard.contains("<h2 id=\"success-title\">Import applied</h2><p>Imported \(Fixtures.shapedPlanName) into"))
            #expect(dashboard.contains("0 milestones added; 0 updated; 115 unchanged.</p>"))
            // Shown once: reloading the same address does not say it again.
            #expect(!(try await team.get(dashboardURL).body.string.contains("Import applied")))
        }
    }
}
