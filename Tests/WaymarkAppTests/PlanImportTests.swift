import Fluent
import Foundation
import SQLKit
import Testing
import WaymarkTestSupport
import Vapor
import WaymarkCore
@testable import WaymarkApp

private func seedDocument() throws -> PlanDocument {
    try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document
}


@Suite struct PlanImportTests {
    @Test(arguments: TestDatabase.allCases)
    func importsTheSeedPlanExactly(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            #expect(outcome.createdPlan)
            #expect(outcome.createdMilestones == 115)
            #expect(try await app.count("plans") == 1)
            #expect(try await app.count("areas") == 5)
            #expect(try await app.count("activities") == 26)
            #expect(try await app.count("milestones") == 115)
            #expect(try await app.count("people") == 18)

            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            #expect(plan.title == "Eastbrook Borough Council Improvement Plan 2017-18")
            #expect(plan.periodStart == "2017-04-01")
            #expect(plan.periodEnd == "2018-03-31")

            struct Row: Decodable { var name: String; var n: Int }
            let perArea = try await app.sql.raw("""
                SELECT ar.name, COUNT(m.id) AS n FROM areas ar
                JOIN activities ac ON ac.area_id = ar.id JOIN milestones m ON m.activity_id = ac.id
                GROUP BY ar.name, ar.position ORDER BY ar.position
                """).all(decoding: Row.self)
            #expect(perArea.map(\.name) == ["Elections", "Communications", "Property", "Grants", "Organisational Culture"])
            #expect(perArea.map(\.n) == [21, 9, 13, 23, 49])

            let numbers = try await Activity.query(on: app.db).sort(\.$number).all().map(\.number)
            #expect(numbers == Array(1...26))

            let kerry = try #require(try await Person.query(on: app.db).filter(\.$nameKey == "kerry palmer").first())
            let kerryLeads = try await MilestoneLead.query(on: app.db).filter(\.$person.$id == kerry.requireID()).count()
            #expect(kerryLeads == 2)  // "Adrian Costa/Kerry Palmer" and ".../Kerry"
            #expect(try await Person.query(on: app.db).filter(\.$nameKey == "kerry").count() == 0)

            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "plan.imported").all()
            #expect(audit.count == 1)
            #expect(audit[0].summary.contains("115 milestones added"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func importingTheSameFileAgainChangesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let again = try await importSeedPlan(app)
            #expect(!again.createdPlan)
            #expect(again.createdMilestones == 0)
            #expect(again.updatedMilestones == 0)
            #expect(again.unchangedMilestones == 115)
            #expect(try await app.count("milestones") == 115)
            #expect(try await app.count("people") == 18)
            #expect(try await app.count("milestone_leads") == 138)
            #expect(try await app.count("areas") == 5)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anEditedFileUpdatesMatchingMilestonesWithAnAuditTrail(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let first = try await importSeedPlan(app)
            var document = try seedDocument()
            document.areas[0].activities[0].milestones[3].deadline = try DeadlineParser.parse("Jul-17")
            document.areas[0].activities[0].milestones[3].completedOn = CalendarDate(year: 2017, month: 7, day: 10)
            document.areas[0].activities[0].milestones[3].leads = ["Lucy Marsh", "Tom Hartley"]
            let outcome = try await PlanImportService(db: app.db, actor: "test")
                .run(document, planReference: String(first.planID), fileName: "edited.txt")
            #expect(outcome.updatedMilestones == 1)
            #expect(outcome.unchangedMilestones == 114)
            #expect(try await app.count("milestones") == 115)

            let edited = try #require(try await Milestone.query(on: app.db).filter(\.$title == document.areas[0].activities[0].milestones[3].title).first())
            #expect(edited.deadlineText == "Jul-17")
            #expect(edited.dueDate == "2017-07-31")
            #expect(edited.completedDate == "2017-07-10")
            #expect(edited.version == 2)
            let change = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.updated").first())
            #expect(change.entityID == edited.id)
            #expect(change.beforeValues?.contains("Jun-17") == true)
            #expect(change.afterValues?.contains("Jul-17") == true)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFailedImportLeavesNothingBehind(database: TestDatabase) async throws {
        try await withApp(database) { app in
            // Two areas claiming activity 1 cannot come from the reader, but the database's
            // uniqueness rule catches it part-way through the writes.
            var document = try seedDocument()
            document.areas[4].activities[0].number = 1
            await #expect(throws: (any Error).self) {
                try await PlanImportService(db: app.db, actor: "test").run(document, planReference: nil, fileName: "bad.txt")
            }
            for table in ["plans", "areas", "activities", "milestones", "people", "milestone_leads", "audit_events"] {
                #expect(try await app.count(table) == 0, "\(table) should be empty")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func importsACSVWithProgressAndWithdrawal(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let csv = """
            Area,Activity,Milestone,Lead Officer,Deadline,Forecast,Completed,Status
            Housing,1. New homes,Site bought,Jo Bloggs,May-17,,2017-05-20,Completed
            Housing,1. New homes,Homes built,Jo Bloggs / Sam Smith,Dec-17,2018-01-20,,
            Housing,1. New homes,Old scheme,Sam Smith,Jan-18,,,Withdrawn
            """
            let document = try PlanFileReader.read(Array(csv.utf8)).document
            let outcome = try await PlanImportService(db: app.db, actor: "test").run(document, planReference: "Housing Plan 2017-18", fileName: "h.csv")
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            #expect(plan.title == "Housing Plan 2017-18")
            let report = try await PlanStatusService.report(for: plan, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(report.total.counts == StatusCounts(completed: 1, onTarget: 0, delayed: 1, overdue: 0, withdrawn: 1))
            #expect(report.total.counts.percentComplete == 50)
        }
    }
}
