import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// Starting a successor plan through the service, on SQLite and PostgreSQL: what is carried, the
/// links both ways, the old plan's frozen figures, and what is refused.
@Suite struct SuccessorPlanTests {
    static let closing = CalendarDate(year: 2018, month: 3, day: 31)!

    /// The seed plan with three milestones completed and one withdrawn, as a plan has by its end.
    static func endingPlan(_ app: Application) async throws -> (planID: Int, officer: User, accounts: TestAccounts) {
        let planID = try await importSeedPlan(app).planID
        let accounts = try await TestAccounts.make(app)
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        let ids = try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).sort(\.$id).all().compactMap(\.id)
        for id in ids.prefix(3) { try await app.sql.raw("UPDATE milestones SET completed_date = '2017-09-30' WHERE id = \(bind: id)").run() }
        try await app.sql.raw("UPDATE milestones SET lifecycle = 'withdrawn', withdrawn_reason = 'No longer needed' WHERE id = \(bind: ids[3])").run()
        // One open milestone with everything that must travel with it.
        try await app.sql.raw("""
            UPDATE milestones SET forecast_date = '2018-06-30', revised_deadline_text = 'Jun-18', revised_due_date = '2018-06-30',
              revision_count = 1, reference = '1.1.e' WHERE id = \(bind: ids[4])
            """).run()
        try await app.sql.raw("UPDATE activities SET reference = '1.1' WHERE id = (SELECT activity_id FROM milestones WHERE id = \(bind: ids[4]))").run()
        return (planID, officer, accounts)
    }

    /// Counted straight from the table, not through the service: active and not completed.
    static func openIDs(_ app: Application, planID: Int) async throws -> Set<Int> {
        struct Row: Decodable { var id: Int }
        return Set(try await app.sql.raw("""
            SELECT id FROM milestones WHERE plan_id = \(bind: planID) AND lifecycle = 'active' AND completed_date IS NULL
            """).all(decoding: Row.self).map(\.id))
    }

    static func leads(_ app: Application, of milestoneID: Int) async throws -> [Int] {
        try await MilestoneLead.query(on: app.db).filter(\.$milestone.$id == milestoneID).sort(\.$position).all().map(\.$person.id)
    }

    @Test(arguments: TestDatabase.allCases)
    func everyOpenMilestoneIsCarriedWithItsLinksAndTheOldPlanClosesWithFrozenFigures(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, officer, _) = try await Self.endingPlan(app)
            let open = try await Self.openIDs(app, planID: planID)
            #expect(open.count == 115 - 3 - 1)
            #expect(Set(try await SuccessorPlanService.carriable(planID: planID, on: app.db).compactMap(\.id)) == open)
            let before = try #require(try await Plan.find(planID, on: app.db))

            let result = try await SuccessorPlanService(db: app.db, user: officer).start(
                fromPlanID: planID, title: "Eastbrook Improvement Plan 2018-19", periodLabel: "2018-19", carry: open, closingOn: Self.closing, version: 0)
            let newID = try #require(result.savedValue, "\(result)")

            // The new plan: the carried milestones, each naming its origin, and nothing else.
            let new = try #require(try await Plan.find(newID, on: app.db))
            #expect(new.successorOf == planID && new.state == .active && new.periodLabel == "2018-19" && new.statusScheme == before.statusScheme)
            let copies = try await Milestone.query(on: app.db).filter(\.$plan.$id == newID).all()
            #expect(copies.count == open.count)
            #expect(Set(copies.compactMap(\.carriedFrom)) == open)
            let origins = Dictionary(try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            for copy in copies {
                let origin = try #require(origins[copy.carriedFrom ?? 0])
                #expect(copy.title == origin.title && copy.deadlineText == origin.deadlineText && copy.dueDate == origin.dueDate
                        && copy.deadlineKind == origin.deadlineKind && copy.checkpoints == origin.checkpoints && copy.forecastDate == origin.forecastDate
                        && copy.revisedDeadlineText == origin.revisedDeadlineText && copy.revisedDueDate == origin.revisedDueDate
                        && copy.reference == origin.reference && copy.completedDate == nil && copy.version == 1, "\(copy.title)")
                #expect(try await Self.leads(app, of: copy.requireID()) == Self.leads(app, of: origin.requireID()), "\(copy.title)")
                let (from, to) = (try #require(try await Activity.find(origin.$activity.id, on: app.db)), try #require(try await Activity.find(copy.$activity.id, on: app.db)))
                #expect(to.$plan.id == newID && to.number == from.number && to.title == from.title && to.reference == from.reference)
                let (fromArea, toArea) = (try await Area.find(from.$area.id, on: app.db), try await Area.find(to.$area.id, on: app.db))
                #expect(toArea?.name == fromArea?.name && toArea?.position == fromArea?.position && toArea?.$plan.id == newID)
            }
            let travelled = try #require(copies.first { $0.reference == "1.1.e" })
            #expect(travelled.forecastDate == "2018-06-30" && travelled.revisedDeadlineText == "Jun-18" && travelled.revisionCount == 1)
            #expect(try await Self.leads(app, of: travelled.requireID()).isEmpty == false)

            // The old plan: closed, its figures frozen for the closing day.
            let old = try #require(try await Plan.find(planID, on: app.db))
            #expect(old.state == .closed && old.closedOn == "2018-03-31" && old.dataVersion > before.dataVersion && old.settingsVersion == 1)
            let figures = try #require(old.frozenFigures)
            #expect(figures.completed == 3 && figures.active == 114 && figures.withdrawn == 1 && figures.carriedForward == 111 && figures.leftOpen == 0)
            #expect(figures.sentence == "114 milestones: 3 completed, 111 carried forward to Eastbrook Improvement Plan 2018-19. 1 withdrawn milestone was not counted.")
            #expect(figures.areas.map(\.carriedForward).reduce(0, +) == 111 && figures.areas.map(\.active).reduce(0, +) == 114)
            #expect(figures.successorID == newID)

            // One audit record on each plan; the new plan's names every origin.
            let closed = try await AuditEvent.query(on: app.db).filter(\.$action == "plan.closed").all()
            let started = try await AuditEvent.query(on: app.db).filter(\.$action == "plan.successor_started").all()
            #expect(closed.count == 1 && closed.first?.planID == planID && started.count == 1 && started.first?.planID == newID)
            let after = try JSONDecoder().decode([String: String].self, from: Data((started.first?.afterValues ?? "{}").utf8))
            #expect(Set((after["carried_from"] ?? "").split(separator: ",").compactMap { Int($0) }) == open)

            // Later edits to the old plan's milestones move its live figures, never its frozen ones.
            let someOpen = try #require(open.sorted().first)
            try await app.sql.raw("UPDATE milestones SET completed_date = '2018-03-01' WHERE id = \(bind: someOpen)").run()
            let live = try await PlanStatusService.report(for: old, asOf: Self.closing, on: app.db)
            #expect(live.total.counts.completed == 4)
            #expect(try await Plan.find(planID, on: app.db)?.frozenFigures == figures)

            // A plan has one successor: a second start, even with the current version, is refused.
            let again = try await SuccessorPlanService(db: app.db, user: officer).start(
                fromPlanID: planID, title: "Another plan", carry: [], closingOn: Self.closing, version: 1)
            #expect(again.errors.map(\.field) == ["successor"] && again.errors.first?.message.contains("already has a successor") == true)
            #expect(try await Plan.query(on: app.db).count() == 2)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badCarriesAndTitlesAreRefusedNamingTheFieldAndNothingChanges(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, officer, accounts) = try await Self.endingPlan(app)
            let (other, _) = try await StatusSchemePlanTests.ragPlan(app)
            let foreign = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == other.requireID()).first()?.id)
            let all = try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).sort(\.$id).all()
            let (completed, withdrawn, open) = (try all[0].requireID(), try all[3].requireID(), try all[5].requireID())
            let service = SuccessorPlanService(db: app.db, user: officer)
            func attempt(_ title: String, _ carry: Set<Int>) async throws -> [FieldError] {
                try await service.start(fromPlanID: planID, title: title, carry: carry, closingOn: Self.closing, version: 0).errors
            }

            let fromElsewhere = try await attempt("Next plan", [open, foreign])
            #expect(fromElsewhere.map(\.field) == ["carry"] && fromElsewhere[0].message.contains("milestone \(foreign) is not in Eastbrook"))
            let done = try await attempt("Next plan", [open, completed])
            #expect(done.map(\.field) == ["carry"] && done[0].message.contains("\"\(all[0].title)\" is completed"))
            let gone = try await attempt("Next plan", [withdrawn])
            #expect(gone.map(\.field) == ["carry"] && gone[0].message.contains("is withdrawn"))
            #expect(try await attempt("Next plan", [999_999]).map(\.field) == ["carry"])

            // Titles: empty, a copy of another plan's, control characters, line breaks, 2 MB.
            #expect(try await attempt("  ", [open]).map(\.field) == ["title"])
            let duplicate = try await attempt(other.title, [open])
            #expect(duplicate.map(\.field) == ["title"] && duplicate[0].message.contains("There is already a plan called"))
            #expect(try await attempt("Plan\u{1B}[31m red", [open]).first?.message.contains("control character U+001B") == true)
            #expect(try await attempt("Plan\r\nBcc: x@y.z", [open]).first?.message.contains("one line") == true)
            #expect(try await attempt(String(repeating: "x", count: 2_000_000), [open]).first?.message.contains("500 characters or fewer (it has 2,000,000)") == true)
            #expect(try await service.start(fromPlanID: planID, title: "Next plan", periodLabel: String(repeating: "9", count: 101), carry: [open],
                                            closingOn: Self.closing, version: 0).errors.map(\.field) == ["period_label"])

            // Only the performance team; everyone else is refused outright.
            for role in [Role.leadOfficer, .viewer, .boardMember, .admin] {
                let user = try #require(try await User.find(accounts.ids[role], on: app.db))
                await #expect(throws: WriteRefusal.forbidden("Only the performance team can start a successor plan."), "\(role)") {
                    _ = try await SuccessorPlanService(db: app.db, user: user).start(fromPlanID: planID, title: "Next plan", carry: [open], closingOn: Self.closing, version: 0)
                }
            }

            // None of that wrote anything, nor moved the version a corrected form will carry.
            let plan = try #require(try await Plan.find(planID, on: app.db))
            #expect(plan.state == .active && plan.settingsVersion == 0 && plan.closedOn == nil && plan.finalFigures == nil)
            #expect(try await Plan.query(on: app.db).count() == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["plan.closed", "plan.successor_started"]).count() == 0)
            // A stale version is a conflict, not a refusal, and writes nothing either.
            let stale = try await service.start(fromPlanID: planID, title: "Next plan", carry: [open], closingOn: Self.closing, version: 7)
            guard case .conflict = stale else { Issue.record("expected a conflict: \(stale)"); return }
            #expect(try await Plan.find(planID, on: app.db)?.state == .active)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRAGPlansSuccessorKeepsItsSchemeThresholdsAndCadence(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (plan, _) = try await StatusSchemePlanTests.ragPlan(app)
            let planID = try plan.requireID()
            try await app.sql.raw("UPDATE plans SET rag_green_minimum = 70, rag_red_above = 20, reporting_cadence = 'six_monthly' WHERE id = \(bind: planID)").run()
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let open = try await Self.openIDs(app, planID: planID)
            let newID = try #require(try await SuccessorPlanService(db: app.db, user: officer).start(
                fromPlanID: planID, title: "Recovery Plan, year two", carry: open, closingOn: CalendarDate(year: 2025, month: 7, day: 1)!, version: 0).savedValue)
            let new = try #require(try await Plan.find(newID, on: app.db))
            #expect(new.statusScheme == "rag" && new.ragGreenMinimum == 70 && new.ragRedAbove == 20 && new.reportingCadence == .sixMonthly)
            let figures = try #require(try await Plan.find(planID, on: app.db)?.frozenFigures)
            #expect(figures.scheme == "rag" && figures.carriedForward == open.count && figures.statuses.values.reduce(0, +) == figures.active)
        }
    }
}
