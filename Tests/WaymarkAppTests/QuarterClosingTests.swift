import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// Users of each role, loaded as the services receive them.
private func users(_ app: Application) async throws -> [Role: User] {
    let accounts = try await TestAccounts.make(app)
    var found: [Role: User] = [:]
    for (role, id) in accounts.ids { found[role] = try await User.find(id, on: app.db) }
    return found
}

@Suite struct QuarterClosingTests {
    @Test(arguments: TestDatabase.allCases)
    func closingAQuarterFreezesEveryMilestoneAndLaterEditsDoNotTouchIt(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let users = try await users(app)
            let team = ReportingPeriodService(db: app.db, user: users[.performanceOfficer]!)
            let (hers, _) = try await seedMilestones(app)
            let update = MilestoneUpdateService(db: app.db, user: users[.leadOfficer]!)
            _ = try await update.save(milestoneID: hers.id!, input: .init(commentary: "Training booked", forecast: "2017-05-31", version: 1), today: day(2017, 12, 1))

            let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
            let listed = try await ReportingPeriodService.periods(of: seeded, today: day(2017, 12, 18), on: app.db)
            #expect(listed.map(\.period.label) == ["Q1 2017-18", "Q2 2017-18", "Q3 2017-18", "Q4 2017-18"])
            #expect(listed.allSatisfy { $0.record == nil })

            let q3 = try await team.opened(planID: plan.planID, label: "Q3 2017-18")
            let closed = try await team.closed(periodID: q3.id!, today: day(2026, 11, 23))
            #expect(closed.state == .closed && closed.closings == 1 && closed.snapshotAsOf == "2017-12-31")

            let sql = app.db as! any SQLDatabase
            let frozen = try await PeriodSnapshot.read(periodID: q3.id!, closing: 1, on: sql)
            #expect(frozen.count == 115)
            var counts = StatusCounts()
            for line in frozen { counts.add(line.status) }
            // The same figures as the dashboard on 31 December 2017: 36 on target, 79 overdue.
            #expect(counts.onTarget == 36 && counts.overdue == 79)
            let hersFrozen = try #require(frozen.first { $0.milestoneID == hers.id })
            #expect(hersFrozen.commentary == "Training booked" && hersFrozen.forecastDate == "2017-05-31")
            #expect(hersFrozen.leads.contains("Lucy Marsh"))

            // A later change shows in the plan, never in the snapshot.
            _ = try await update.save(milestoneID: hers.id!, input: .init(commentary: "Delivered late", completed: "2018-01-10", version: 2), today: day(2018, 1, 10))
            let again = try await PeriodSnapshot.read(periodID: q3.id!, closing: 1, on: sql)
            #expect(again == frozen)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "period.closed").all()
            #expect(audit.count == 1 && audit[0].summary.contains("froze 115 milestones as they stood on 31 Dec 2017"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func onlyAnAdministratorReopensAPeriodWithAReasonAndEarlierSnapshotsStay(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let users = try await users(app)
            let team = ReportingPeriodService(db: app.db, user: users[.performanceOfficer]!)
            let q3 = try await team.opened(planID: plan.planID, label: "Q3 2017-18")
            _ = try await team.closed(periodID: q3.id!, today: day(2018, 1, 5))

            await #expect(throws: WriteRefusal.self) { try await team.reopen(periodID: q3.id!, reason: "Late returns") }
            let admin = ReportingPeriodService(db: app.db, user: users[.admin]!)
            #expect(try await admin.reopen(periodID: q3.id!, reason: "  ").errors.map(\.field) == ["reason"])
            let reopened = try #require(try await admin.reopen(periodID: q3.id!, reason: "Grants returns arrived late").savedValue)
            #expect(reopened.state == .open)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "period.reopened").first())
            #expect(audit.summary == "Reopened Q3 2017-18: Grants returns arrived late")

            let second = try await team.closed(periodID: q3.id!, today: day(2018, 1, 12))
            #expect(second.closings == 2)
            let sql = app.db as! any SQLDatabase
            #expect(try await PeriodSnapshot.read(periodID: q3.id!, closing: 1, on: sql).count == 115)
            #expect(try await PeriodSnapshot.read(periodID: q3.id!, closing: 2, on: sql).count == 115)
            // Viewers and lead officers cannot close or open periods.
            let lead = ReportingPeriodService(db: app.db, user: users[.leadOfficer]!)
            await #expect(throws: WriteRefusal.self) { try await lead.open(planID: plan.planID, label: "Q4 2017-18") }
            // Closing a closed period says who closed it; nothing is frozen again.
            guard case .conflict(let closedBy, _, _) = try await team.close(periodID: q3.id!, today: day(2018, 1, 12)) else {
                Issue.record("closing twice must conflict"); return
            }
            #expect(closedBy.contains("officer"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theBoardAgreesOneRevisedDeadlineAndRejectsAnother(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let users = try await users(app)
            let (hers, notHers) = try await seedMilestones(app)
            let officer = MilestoneUpdateService(db: app.db, user: users[.performanceOfficer]!)
            _ = try await officer.save(milestoneID: hers.id!, input: .init(commentary: "Trainer unavailable", proposedDeadline: "Mar-18", proposedReason: "Trainer unavailable", version: 1), today: day(2017, 12, 1))
            _ = try await officer.save(milestoneID: notHers.id!, input: .init(commentary: "Supplier delay", proposedDeadline: "Jun-18", proposedReason: "Supplier delay", version: 1), today: day(2017, 12, 1))

            let governance = GovernanceService(db: app.db, user: users[.performanceOfficer]!)
            guard case .saved(let board) = try await governance.createBoard(.init(name: "Best Value Improvement Board", kind: "improvement_board", chair: "The Mayor")),
                  case .saved(let meeting) = try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-18")) else {
                Issue.record("board or meeting not saved")
                return
            }
            let revisions = try await DeadlineRevision.query(on: app.db).sort(\.$id).all()
            let decisions = RevisionDecisionService(db: app.db, user: users[.performanceOfficer]!)
            #expect(try await decisions.decide(revisionID: revisions[0].id!, decision: "agreed", meetingID: meeting.id, minuteReference: "BVIB 17/12 min 5.2").errors.isEmpty)
            #expect(try await decisions.decide(revisionID: revisions[1].id!, decision: "rejected", meetingID: meeting.id, minuteReference: "BVIB 17/12 min 5.3").errors.isEmpty)
            // A decided proposal cannot be decided twice; a decision needs its minute.
            #expect(try await decisions.decide(revisionID: revisions[0].id!, decision: "rejected", meetingID: meeting.id, minuteReference: "x").errors.map(\.field) == ["decision"])
            #expect(try await decisions.decide(revisionID: revisions[1].id!, decision: "", meetingID: nil, minuteReference: "").errors.map(\.field) == ["decision", "minute_reference", "meeting_id"])
            let boardMember = RevisionDecisionService(db: app.db, user: users[.boardMember]!)
            await #expect(throws: WriteRefusal.self) { try await boardMember.decide(revisionID: revisions[1].id!, decision: "agreed", meetingID: meeting.id, minuteReference: "m").errors }

            let agreed = try #require(try await Milestone.find(hers.id, on: app.db))
            #expect(agreed.revisedDeadlineText == "Mar-18" && agreed.revisedDueDate == "2018-03-31" && agreed.revisionCount == 1)
            #expect(agreed.deadlineText == "May-17")
            let rejected = try #require(try await Milestone.find(notHers.id, on: app.db))
            #expect(rejected.revisedDeadlineText == nil && rejected.revisionCount == 0)
            let decided = try #require(try await DeadlineRevision.find(revisions[0].id, on: app.db))
            #expect(decided.state == .agreed && decided.decidedOn == "2017-12-18" && decided.minuteReference == "BVIB 17/12 min 5.2")

            // Status stays measured against the original deadline; the revised one is shown beside it.
            let lines = try await PeriodSnapshot.current(planID: plan.planID, asOf: day(2018, 1, 15), on: app.db as! any SQLDatabase)
            let line = try #require(lines.first { $0.milestoneID == hers.id })
            #expect(line.status == .overdue && line.statusAgainstRevised == .onTarget && line.revisionCount == 1)
        }
    }
}
