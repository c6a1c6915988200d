import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

@Suite struct PlanStructureTests {
    private func officer(_ app: Application) async throws -> User {
        let accounts = try await TestAccounts.make(app)
        return try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
    }

    @Test(arguments: TestDatabase.allCases)
    func addEditWithdrawAndReinstateAMilestone(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let service = PlanStructureService(db: app.db, user: try await officer(app))
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$number == 4).first())
            let asOf = CalendarDate(year: 2017, month: 12, day: 31)!
            let plan = { try #require(try await Plan.find(outcome.planID, on: app.db)) }

            let id = try #require(try await service.addMilestone(to: activity.requireID(), .init(title: "Contract review", deadline: "Q4 2017-18", leads: "Adrian Costa / Nia New")).savedValue)
            let added = try #require(try await Milestone.query(on: app.db).filter(\.$id == id).with(\.$leads).first())
            #expect(added.position == 5)
            #expect(added.dueDate == "2018-03-31")
            #expect(added.leads.map(\.name) == ["Adrian Costa", "Nia New"])
            #expect(try await app.count("people") == 19)
            #expect(try await PlanStatusService.report(for: try await plan(), asOf: asOf, on: app.db).total.counts.active == 116)

            guard case .saved(let version) = try await service.editMilestone(id, .init(title: "Contract review", deadline: "Nov-17", leads: "Nia New", version: 1)) else {
                Issue.record("the edit should save"); return
            }
            #expect(version == 2)
            #expect(try await Milestone.find(id, on: app.db)?.dueDate == "2017-11-30")
            let edit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.edited").first())
            #expect(edit.beforeValues?.contains("Q4 2017-18") == true)
            #expect(edit.afterValues?.contains("Nov-17") == true)

            // A stale form is refused rather than overwriting the edit above.
            guard case .conflict = try await service.editMilestone(id, .init(title: "Old", deadline: "Jan-18", leads: "Nia New", version: 1)) else {
                Issue.record("a stale edit must conflict"); return
            }

            #expect(try await service.setWithdrawn(id, reason: "  ", version: 2).errors.map(\.field) == ["reason"])
            _ = try await service.setWithdrawn(id, reason: "Merged into activity 3", version: 2)
            let withdrawn = try await PlanStatusService.report(for: try await plan(), asOf: asOf, on: app.db).total.counts
            #expect(withdrawn.active == 115)
            #expect(withdrawn.withdrawn == 1)
            #expect(try await Milestone.find(id, on: app.db)?.withdrawnReason == "Merged into activity 3")

            _ = try await service.setWithdrawn(id, reason: nil, version: 3)
            #expect(try await PlanStatusService.report(for: try await plan(), asOf: asOf, on: app.db).total.counts.active == 116)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.withdrawn").count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.reinstated").count() == 1)
        }
    }

    @Test func invalidMilestonesNameEveryField() async throws {
        let (valid, errors) = PlanStructureService.validated(.init(title: " ", deadline: "someday", leads: ""))
        #expect(valid == nil)
        #expect(errors.map(\.field) == ["title", "leads", "deadline"])
    }

    @Test func reorderAddAreaAndActivity() async throws {
        try await withApp(.sqlite) { app in
            let outcome = try await importSeedPlan(app)
            let service = PlanStructureService(db: app.db, user: try await officer(app))
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$number == 4).first())
            let order = {
                try await Milestone.query(on: app.db).filter(\.$activity.$id == activity.requireID()).sort(\.$position).all().map(\.title)
            }
            #expect(try await order() == ["Publish the notices tender", "Consult on bids for statutory notices", "Evaluate the notices contract", "Launch the notices contract handover"])
            let evaluation = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Consult on bids for statutory notices").first())
            try await service.moveMilestone(evaluation.requireID(), up: true)
            #expect(try await order() == ["Consult on bids for statutory notices", "Publish the notices tender", "Evaluate the notices contract", "Launch the notices contract handover"])
            try await service.moveMilestone(evaluation.requireID(), up: true)   // already first: nothing moves
            #expect(try await order().first == "Consult on bids for statutory notices")

            let areaID = try #require(try await service.addArea(to: outcome.planID, name: "Customer Services").savedValue)
            #expect(try await service.addArea(to: outcome.planID, name: "Customer Services").errors.map(\.message) == ["The plan already has an area called Customer Services"])
            let activityID = try #require(try await service.addActivity(to: areaID, title: "Improve the contact centre").savedValue)
            #expect(try await Activity.find(activityID, on: app.db)?.number == 27)
            #expect(try await Area.find(areaID, on: app.db)?.position == 6)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func renameAndReorderAreasAndActivities(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let service = PlanStructureService(db: app.db, user: try await officer(app))
            let grants = try #require(try await Area.query(on: app.db).filter(\.$name == "Grants").first())
            try await service.moveArea(grants.requireID(), up: true)
            let order = try await Area.query(on: app.db).filter(\.$plan.$id == outcome.planID).sort(\.$position).all().map(\.name)
            #expect(order == ["Elections", "Communications", "Grants", "Property", "Organisational Culture"])
            #expect(try await service.renameArea(grants.requireID(), to: "Grants and Commissioning").errors.isEmpty)
            #expect(try await service.renameArea(grants.requireID(), to: "Elections").errors.map(\.field) == ["name"])

            // Activity 11 moves above 10 within Grants: their numbers swap, titles stay with them.
            let gifts = try #require(try await Activity.query(on: app.db).filter(\.$number == 11).first())
            try await service.moveActivity(gifts.requireID(), up: true)
            #expect(try await Activity.find(gifts.id, on: app.db)?.number == 10)
            #expect(try await Activity.query(on: app.db).filter(\.$number == 11).first()?.title == "Complete the review of the Voluntary Sector Team")
            _ = try await service.renameActivity(gifts.requireID(), to: "Implement the GIFTS grants system")
            #expect(try await Activity.find(gifts.id, on: app.db)?.title == "Implement the GIFTS grants system")
            let report = try await PlanStatusService.report(for: try #require(try await Plan.find(outcome.planID, on: app.db)),
                                                            asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(report.areas.map(\.name)[2] == "Grants and Commissioning")
            #expect(report.activities.map(\.activityNumber) == Array(1...26))
        }
    }

    @Test func anEmptyNameShowsTheOutlineWithALinkedErrorSummary() async throws {
        try await withApp(.sqlite) { app in
            let outcome = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let grants = try #require(try await Area.query(on: app.db).filter(\.$name == "Grants").first())
            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await officer.get("/plans/\(outcome.planID)/structure")
            let response = try await officer.post("/areas/\(grants.id!)/rename", ["name": "  "])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("There is a problem"))
            #expect(response.body.string.contains("<a href=\"#area-\(grants.id!)\">Enter the area&#39;s name</a>"))
            #expect(try await Area.find(grants.id, on: app.db)?.name == "Grants")
        }
    }

    @Test func onlyThePerformanceTeamChangesStructure() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let lead = try #require(try await User.find(accounts.ids[.leadOfficer], on: app.db))
            let activity = try #require(try await Activity.query(on: app.db).first())
            await #expect(throws: WriteRefusal.self) {
                try await PlanStructureService(db: app.db, user: lead).addMilestone(to: activity.requireID(), .init(title: "X", deadline: "May-18", leads: "A B"))
            }
        }
    }
}
