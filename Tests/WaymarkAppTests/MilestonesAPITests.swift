import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp
import WaymarkAPI

@Suite struct MilestonesAPITests {
    private func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    @Test(arguments: TestDatabase.allCases)
    func writesGoThroughTheSameRulesAsTheForms(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, notHers) = try await seedMilestones(app)
            let tester = try app.testing()
            let lead = try await apiHeaders(app, accounts, .leadOfficer)
            let viewer = try await apiHeaders(app, accounts, .viewer)
            let officer = try await apiHeaders(app, accounts, .performanceOfficer)
            let update = #"{"commentary": "Delivered", "completed": "2017-05-25", "version": 1}"#

            let saved = try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: lead, body: body(update))
            #expect(saved.status == .created)
            #expect(try saved.content.decode(Components.Schemas.Saved.self).version == 2)

            let commentOnly = try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: lead,
                                                           body: body(#"{"commentary": "Feedback collected", "version": 2}"#))
            #expect(commentOnly.status == .created)
            #expect(try await Milestone.find(hers.id, on: app.db)?.completedDate == "2017-05-25")

            let stale = try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: lead, body: body(update))
            #expect(stale.status == .conflict)
            #expect(try stale.content.decode(APIErrorBody.self).error.code == "conflict")

            #expect(try await tester.sendRequest(.POST, "/api/v1/milestones/\(notHers.id!)/updates", headers: lead, body: body(update)).status == .forbidden)
            #expect(try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: viewer, body: body(update)).status == .forbidden)

            let invalid = try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: lead,
                                                       body: body(#"{"commentary": " ", "forecast": "soon", "version": 3}"#))
            #expect(invalid.status == .unprocessableEntity)
            #expect(try invalid.content.decode(APIErrorBody.self).error.fields?.map(\.field) == ["commentary", "forecast"])

            let garbled = try await tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: lead, body: body("not json"))
            #expect(garbled.status == .badRequest)
            #expect(try garbled.content.decode(APIErrorBody.self).error.code == "invalid_body")

            let edited = try await tester.sendRequest(.PATCH, "/api/v1/milestones/\(notHers.id!)", headers: officer,
                                                      body: body(#"{"title": "Launch the new intranet", "deadline": "Jun-18", "leads": "Adrian Costa", "version": 1}"#))
            #expect(edited.status == .ok)
            #expect(try await Milestone.find(notHers.id, on: app.db)?.dueDate == "2018-06-30")
            #expect(try await tester.sendRequest(.PATCH, "/api/v1/milestones/\(notHers.id!)", headers: lead,
                                                 body: body(#"{"title": "X", "deadline": "Jun-18", "leads": "A B", "version": 2}"#)).status == .forbidden)

            let area = try await tester.sendRequest(.POST, "/api/v1/plans/\(hers.$plan.id)/areas", headers: officer, body: body(#"{"name": "Customer Services"}"#))
            #expect(area.status == .created)
            let areaID = try area.content.decode(Components.Schemas.Saved.self).id
            let activity = try await tester.sendRequest(.POST, "/api/v1/areas/\(areaID)/activities", headers: officer, body: body(#"{"title": "Answer calls faster"}"#))
            #expect(activity.status == .created)
            #expect(try await Activity.find(try activity.content.decode(Components.Schemas.Saved.self).id, on: app.db)?.number == 27)
            #expect(try await tester.sendRequest(.POST, "/api/v1/plans/\(hers.$plan.id)/areas", headers: officer, body: body(#"{"name": "Customer Services"}"#)).status == .unprocessableEntity)
            #expect(try await tester.sendRequest(.POST, "/api/v1/plans/\(hers.$plan.id)/areas", headers: lead, body: body(#"{"name": "Other"}"#)).status == .forbidden)

            let detail = try await tester.sendRequest(.GET, "/api/v1/milestones/\(hers.id!)?as_of=2017-12-31", headers: viewer)
            let milestone = try detail.content.decode(Components.Schemas.MilestoneDetail.self)
            #expect(milestone.version == 3)
            #expect(milestone.milestone.status.rawValue == "completed")
        }
    }

    @Test func writesNeedATokenAndWrongMethodsAre405() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            let (hers, _) = try await seedMilestones(app)
            let accounts = try await TestAccounts.make(app)
            var client = try WebClient(app)
            try await client.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            // A session cookie reads the API, but cannot write through it: there is no CSRF token there.
            #expect(try await client.get("/api/v1/milestones/\(hers.id!)").status == .ok)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: .cookie, value: client.cookie!)
            let write = try await client.tester.sendRequest(.POST, "/api/v1/milestones/\(hers.id!)/updates", headers: headers,
                                                            body: ByteBuffer(string: #"{"commentary": "x", "version": 1}"#))
            #expect(write.status == .unauthorized)
            let tokenHeaders = try await apiHeaders(app, accounts, .viewer)
            let trace = try await client.tester.sendRequest(.DELETE, "/api/v1/plans", headers: tokenHeaders)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: .allow) == "GET")
            let spec = try await client.tester.sendRequest(.GET, "/api/v1/openapi.json")
            #expect(spec.status == .ok)
            let document = try JSONSerialization.jsonObject(with: Data(spec.body.string.utf8)) as? [String: Any]
            #expect(document?["openapi"] as? String == "3.1.0")
        }
    }
}
