import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// A plan kept in another council's words: imported in its own layout and scheme, then counted,
/// listed, filtered and reported in that scheme everywhere.
@Suite struct StatusSchemePlanTests {
    static let ragFile = "plans/other-council-rag.csv"
    static let reportedOn = CalendarDate(year: 2025, month: 4, day: 1)!
    /// After every completion the fixtures record.
    static let later = CalendarDate(year: 2026, month: 1, day: 1)!

    /// The RAG plan, imported as a council would: `--scheme rag --as-of 2025-04-01`.
    static func ragPlan(_ app: Application) async throws -> (plan: Plan, document: PlanDocument) {
        let document = try PlanFileLoader.load(try Fixtures.bytes(ragFile), fileName: "other-council-rag.csv", today: reportedOn, scheme: .rag).document
        let outcome = try await PlanImportService(db: app.db, actor: "test", scheme: .rag, reportedOn: reportedOn)
            .run(document, planReference: "Recovery Plan", fileName: "other-council-rag.csv")
        return (try #require(try await Plan.find(outcome.planID, on: app.db)), document)
    }

    struct StatusJSON: Decodable {
        struct Row: Decodable { var on_target: Int; var delayed: Int; var overdue: Int; var completed: Int; var active: Int; var by_decision: Int; var statuses: [String: Int] }
        struct Listed: Decodable { var code: String; var short: String; var kind: String }
        var scheme: String
        var statuses: [Listed]
        var total: Row
        var summary: String
    }

    struct Listing: Decodable { var id: Int; var ref: String; var activity_ref: String; var status: String; var scheme_status: String; var status_kind: String?; var status_label: String }

    @Test(arguments: TestDatabase.allCases)
    func aRAGPlanIsCountedListedAndFilteredInItsOwnWords(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (plan, document) = try await Self.ragPlan(app)
            let planID = try plan.requireID()
            #expect(plan.statusScheme == "rag")
            #expect(try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).count() == document.milestoneCount)

            // Actions numbered again in each theme keep their own references.
            let activities = try await Activity.query(on: app.db).filter(\.$plan.$id == planID).all()
            #expect(activities.filter { $0.reference == "1" }.count == document.areas.filter { $0.activities.contains { $0.reference == "1" } }.count)
            #expect(activities.filter { $0.reference == "1" }.count > 1)
            #expect(Set(activities.map(\.number)).count == activities.count)

            // What the file said is kept beside what Waymark works out, dated as reported.
            let milestones = try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).all()
            let writtenAmber = document.areas.flatMap { $0.activities.flatMap(\.milestones) }.filter { $0.reportedStatus == "amber" }.count
            #expect(writtenAmber > 0)
            #expect(milestones.filter { $0.reportedStatus == "amber" }.count == writtenAmber)
            #expect(milestones.filter { $0.reportedStatus != nil }.allSatisfy { $0.reportedOn == "2025-04-01" })

            let accounts = try await TestAccounts.make(app)
            let headers = try await apiHeaders(app, accounts, .viewer)
            let tester = try app.testing()
            let status = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/status?as_of=2025-07-01", headers: headers)
            let report = try JSONDecoder().decode(StatusJSON.self, from: Data(buffer: status.body))
            #expect(report.scheme == "rag")
            #expect(report.statuses.map(\.code) == ["complete", "green", "amber", "red", "rescheduled", "suspended"])
            #expect(report.statuses.first { $0.code == "suspended" }?.kind == "by_decision")
            let t = report.total
            #expect(t.statuses.values.reduce(0, +) == t.active)
            #expect(t.statuses["green"] == t.on_target && t.statuses["amber"] == t.delayed && t.statuses["red"] == t.overdue && t.statuses["complete"] == t.completed)
            #expect(t.by_decision == 0)
            #expect(report.summary.contains("Complete or Green"), "\(report.summary)")

            // The filter takes the scheme's code, a kind or the criteria's code, and they agree.
            func listed(_ query: String) async throws -> [Listing] {
                let response = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/milestones?as_of=2025-07-01&\(query)", headers: headers)
                #expect(response.status == .ok, "\(query): \(response.body.string.prefix(300))")
                return try JSONDecoder().decode([Listing].self, from: Data(buffer: response.body))
            }
            // The activities' own references are what the API and the pages show.
            let everyone = try await listed("limit=500")
            #expect(Set(everyone.map(\.activity_ref)) == Set(document.areas.flatMap { $0.activities.map(\.reference) }))
            #expect(everyone.allSatisfy { $0.ref.hasPrefix($0.activity_ref + ".") })
            let red = try await listed("status=red")
            #expect(red.count == t.overdue && !red.isEmpty)
            #expect(red.allSatisfy { $0.scheme_status == "red" && $0.status == "overdue" && $0.status_label == "Red" && $0.status_kind == "late_beyond_tolerance" })
            #expect(try await listed("status=late_beyond_tolerance").map(\.id) == red.map(\.id))
            #expect(try await listed("status=overdue").map(\.id) == red.map(\.id))
            let refused = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/milestones?status=blue", headers: headers)
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("complete, green, amber, red, rescheduled, suspended"))

            // The dashboard: a column and a legend entry per status, in the scheme's words.
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let dashboard = try await web.get("/plans/\(planID)?as_of=2025-07-01").body.string
            for short in ["Complete", "Green", "Amber", "Red", "Rescheduled with approval", "Suspended"] {
                #expect(dashboard.contains("<th scope=\"col\" class=\"numeric\">\(short)</th>"), "\(short)")
            }
            #expect(!dashboard.contains(">Overdue<"))
            #expect(dashboard.contains("% of milestones are Complete or Green"))
            let list = try await web.get("/plans/\(planID)/milestones?as_of=2025-07-01&status=amber").body.string
            #expect(list.contains("<strong class=\"tag tag--amber\">Amber</strong>"))
            #expect(!list.contains("tag--red\">Red"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aStatusSetByDecisionNeedsAReasonIsCountedApartAndCanBeCleared(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (plan, _) = try await Self.ragPlan(app)
            let planID = try plan.requireID()
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let lead = try #require(try await User.find(accounts.ids[.leadOfficer], on: app.db))
            let target = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$completedDate == nil).sort(\.$id).first())
            let id = try target.requireID()
            let service = StatusDecisionService(db: app.db, user: officer)
            let today = CalendarDate(year: 2025, month: 7, day: 1)!

            await #expect(throws: WriteRefusal.self) {
                _ = try await StatusDecisionService(db: app.db, user: lead).decide(.init(milestoneID: id, version: target.version, status: "suspended", reason: "x"), today: today)
            }
            #expect(try await service.decide(.init(milestoneID: id, version: target.version, status: "suspended", reason: "  "), today: today).errors.map(\.field) == ["reason"])
            #expect(try await service.decide(.init(milestoneID: id, version: target.version, status: "amber", reason: "No"), today: today).errors.map(\.field) == ["status"])
            // Hostile text: a control character and 2 MB are refused whole; markup is kept, and escaped when shown.
            #expect(try await service.decide(.init(milestoneID: id, version: target.version, status: "suspended", reason: "Paused\u{7}"), today: today).errors.map(\.field) == ["reason"])
            #expect(try await service.decide(.init(milestoneID: id, version: target.version, status: "suspended", reason: String(repeating: "a", count: 2_000_000)), today: today).errors.map(\.field) == ["reason"])
            #expect(try await Milestone.find(id, on: app.db)?.decidedStatus == nil)

            let reason = "Board minute 12.3: paused until the <b>audit</b> reports\r\nagreed unanimously"
            let saved = try await service.decide(.init(milestoneID: id, version: target.version, status: "suspended", reason: reason), today: today)
            #expect(saved.savedValue == target.version + 1)
            let stored = try #require(try await Milestone.find(id, on: app.db))
            #expect(stored.decidedStatus == "suspended" && stored.decidedReason == "Board minute 12.3: paused until the <b>audit</b> reports\nagreed unanimously")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.status_decided").filter(\.$entityID == id).count() == 1)

            let fresh = try #require(try await Plan.find(planID, on: app.db))
            let report = try await PlanStatusService.report(for: fresh, asOf: today, on: app.db)
            #expect(report.total.counts.decided == 1 && report.total.counts[code: "suspended"] == 1)
            #expect(report.total.counts.active == report.total.counts.completed + report.total.counts.onTarget + report.total.counts.delayed + report.total.counts.overdue + 1)
            let listings = try await MilestoneQuery.list(plan: fresh, asOf: today, filter: .init(), on: app.db)
            let listing = try #require(listings.first { $0.id == id })
            #expect(listing.schemeStatus == "suspended" && listing.statusKind == "by_decision" && listing.statusExplanation.contains("Suspended, by decision: Board minute 12.3"))

            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let page = try await web.get("/milestones/\(id)").body.string
            #expect(page.contains("tag--grey\">Suspended</strong>"))
            #expect(page.contains("&lt;b&gt;audit&lt;/b&gt;") && !page.contains("<b>audit</b>"))

            // A stale version changes nothing; clearing lets the dates decide again, audited.
            let stale = try await service.decide(.init(milestoneID: id, version: target.version, status: nil, reason: ""), today: today)
            guard case .conflict = stale else { Issue.record("expected a conflict, got \(stale)"); return }
            let cleared = try await service.decide(.init(milestoneID: id, version: target.version + 1, status: nil, reason: "Audit reported"), today: today)
            #expect(cleared.savedValue != nil)
            #expect(try await Milestone.find(id, on: app.db)?.decidedStatus == nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "milestone.status_decision_cleared").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theStandardSchemeHasNoDecisionsToSet(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == plan.planID).first())
            let result = try await StatusDecisionService(db: app.db, user: officer)
                .decide(.init(milestoneID: try milestone.requireID(), version: milestone.version, status: "suspended", reason: "Why not"), today: AsOf.today())
            #expect(result.errors.first?.message == "This plan's status scheme has no statuses set by decision")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPlanWithNoActivityLevelKeepsItsReferencesAndItsKeyActionWords(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let file = "plans/other-council-key-actions.tsv"
            let document = try PlanFileLoader.load(try Fixtures.bytes(file), fileName: "other-council-key-actions.tsv", today: Self.later, scheme: .keyActions).document
            #expect(document.warnings.contains { $0.message.contains("\"Budget\"") && $0.message.contains("was not placed") })
            let outcome = try await PlanImportService(db: app.db, actor: "test", scheme: .keyActions, reportedOn: Self.reportedOn)
                .run(document, planReference: "Corporate Recovery Plan", fileName: "other-council-key-actions.tsv")
            let plan = try #require(try await Plan.find(outcome.planID, on: app.db))
            #expect(plan.statusScheme == "key_actions")

            // One activity per theme, named after it; each action keeps its own reference.
            let activities = try await Activity.query(on: app.db).filter(\.$plan.$id == outcome.planID).all()
            let areas = try await Area.query(on: app.db).filter(\.$plan.$id == outcome.planID).all()
            #expect(activities.count == areas.count && Set(activities.map(\.title)) == Set(areas.map(\.name)))
            let written = document.areas.flatMap { $0.activities.flatMap(\.milestones) }
            let listings = try await MilestoneQuery.list(plan: plan, asOf: Self.later, filter: .init(), on: app.db)
            #expect(listings.count == written.count)
            #expect(Set(listings.map(\.ref)) == Set(written.compactMap(\.reference)))
            #expect(listings.contains { $0.ref == "1.4.1" })

            // What the file reported is kept in the scheme's codes; what Waymark works out is in the same words.
            for code in ["achieved", "on_target", "under_control", "behind_schedule"] {
                #expect(listings.filter { $0.reportedStatus == code }.count == written.filter { $0.reportedStatus == code }.count, "\(code)")
            }
            #expect(written.contains { $0.reportedStatus == "under_control" })
            let achievedWithDates = written.filter { $0.completedOn != nil }.count
            #expect(achievedWithDates > 0)
            #expect(listings.filter { $0.schemeStatus == "achieved" }.count == achievedWithDates)
            #expect(Set(listings.map(\.schemeStatus)).isSubset(of: Set(StatusScheme.keyActions.statuses.map(\.code))))
            let report = try await PlanStatusService.report(for: plan, asOf: Self.later, on: app.db)
            #expect(report.total.counts[code: "achieved"] == achievedWithDates)
            #expect(report.total.counts.active == written.filter { $0.withdrawnReason == nil }.count)
            // Importing the same file again changes nothing.
            let again = try await PlanImportService(db: app.db, actor: "test", scheme: .keyActions, reportedOn: Self.reportedOn)
                .run(document, planReference: "Corporate Recovery Plan", fileName: "other-council-key-actions.tsv")
            #expect(again.createdMilestones == 0 && again.updatedMilestones == 0 && again.createdActivities == 0)
        }
    }
}
