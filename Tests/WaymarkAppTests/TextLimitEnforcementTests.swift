import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Every way text gets in (import, form, API) meets the same limits, with a message that says
/// which field and by how much, and nothing is written.
@Suite struct TextLimitEnforcementTests {
    @Test func anImportWithAHugeTitleIsRefusedWhole() throws {
        let huge = String(repeating: "x", count: 2_000_000)
        let csv = "area,activity,milestone,lead,deadline\nGrants,1 Review,Fine,Jo Bloggs,May-18\nGrants,1 Review,\(huge),Jo Bloggs,May-18\n"
        #expect {
            _ = try PlanFileReader.read(Array(csv.utf8))
        } throws: { error in
            let failure = try #require(error as? ImportFailure)
            return failure.problems.contains { $0.line == 3 && $0.field == "milestone"
                && $0.message == "the milestone is 2,000,000 characters long; it must be 500 characters or fewer" }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theFormAndTheAPIRefuseOverlongText(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            let before = try await app.count("audit_events")

            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let activityID = hers.$activity.id
            let form = try await officer.post("/activities/\(activityID)/milestones",
                                              ["title": String(repeating: "word", count: 200), "deadline": "May-18", "leads": "Lucy Marsh"])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains("Milestone must be 500 characters or fewer (it has 800)"))

            let headers = try await apiHeaders(app, accounts, .leadOfficer)
            let long = String(repeating: "a", count: 10_001)
            let api = try await app.testing().sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: headers,
                                                          body: ByteBuffer(string: #"{"commentary": "\#(long)", "version": 1}"#))
            #expect(api.status == .unprocessableEntity)
            #expect(api.body.string.contains("Progress commentary must be 10,000 characters or fewer (it has 10,001)"))

            #expect(try await Milestone.find(hers.id, on: app.db)?.version == 1)
            #expect(try await app.count("milestones") == 115)
            #expect(try await app.count("audit_events") == before + 1)  // only the token's creation
        }
    }
}
