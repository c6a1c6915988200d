import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// A plan closed with a successor keeps its milestones as they were when it closed: progress
/// updates, structure edits, decisions and imports are refused, plainly, and nothing is written.
@Suite struct ClosedPlanWritesTests {
    @Test(arguments: TestDatabase.allCases)
    func aClosedPlansMilestonesTakeNoMoreChanges(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, officer, accounts) = try await SuccessorPlanTests.endingPlan(app)
            let open = try await SuccessorPlanService.carriable(planID: planID, on: app.db)
            let milestone = try #require(open.first)
            let id = try milestone.requireID()
            let started = try await SuccessorPlanService(db: app.db, user: officer).start(
                fromPlanID: planID, title: "Eastbrook Improvement Plan 2018-19", carry: Set(open.compactMap(\.id)),
                closingOn: CalendarDate(year: 2018, month: 3, day: 31)!, version: 0)
            #expect(started.savedValue != nil)
            let auditBefore = try await AuditEvent.query(on: app.db).count()

            await #expect(throws: WriteRefusal.planClosed("Eastbrook Borough Council Improvement Plan 2017-18")) {
                _ = try await MilestoneUpdateService(db: app.db, user: officer).save(
                    milestoneID: id, input: .init(commentary: "Late entry", version: milestone.version), today: AsOf.today())
            }
            await #expect(throws: WriteRefusal.self) {
                _ = try await PlanStructureService(db: app.db, user: officer).editMilestone(id, .init(title: "Renamed", deadline: "May-18", leads: "Lucy Marsh", version: milestone.version))
            }
            await #expect(throws: WriteRefusal.self) {
                _ = try await PlanImportService(db: app.db, actor: "test").run(try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document,
                                                                               planReference: String(planID), fileName: Fixtures.shapedPlanName)
            }
            #expect(try await AuditEvent.query(on: app.db).count() == auditBefore)
            #expect(try await Milestone.find(id, on: app.db)?.version == milestone.version)

            // The API says so with a stable code.
            let headers = try await apiHeaders(app, accounts, .performanceOfficer)
            let refused = try await app.testing().sendRequest(.POST, "/api/v1/milestones/\(id)/updates", headers: headers,
                                                              body: ByteBuffer(string: #"{"commentary": "Late", "version": \#(milestone.version)}"#))
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("\"code\":\"plan_closed\""), "\(refused.body.string)")
        }
    }
}
