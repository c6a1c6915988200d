import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The `id` attributes of a page that appear more than once. A label's `for`, an error summary's
/// link and `aria-describedby` all find the first element with an id, so a repeat sends them to
/// the wrong box.
func duplicateIDs(in html: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: #"(?<![\w-])id="([^"]*)""#)
    let text = html as NSString
    var seen: [String: Int] = [:]
    for match in pattern.matches(in: html, range: NSRange(location: 0, length: text.length)) {
        seen[text.substring(with: match.range(at: 1)), default: 0] += 1
    }
    return seen.filter { $0.value > 1 }.keys.sorted()
}

@Suite struct UniqueIDsTests {
    @Test func theHelperFindsRepeatedIDs() {
        #expect(duplicateIDs(in: #"<input id="a"><textarea id="b" aria-describedby="a"></textarea><input id="a">"#) == ["a"])
        #expect(duplicateIDs(in: #"<label for="a">A</label><input id="a"><span data-id="a"></span>"#).isEmpty)
    }

    /// Every page with several forms, and the pages the browser tests visit, with ids that are
    /// the same number in different forms: agenda item 1 beside revised deadline 1.
    @Test(arguments: TestDatabase.allCases)
    func noPageRepeatsAnID(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            let p = plan.planID, h = try hers.requireID()
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let q3 = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: p, label: "Q3 2017-18")
            let q2 = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: p, label: "Q2 2017-18")
            _ = try await ReportingPeriodService(db: app.db, user: officer).closed(periodID: q2.id!, today: CalendarDate(iso: "2017-10-02")!)
            let governance = GovernanceService(db: app.db, user: officer)
            guard case .saved(let board) = try await governance.createBoard(.init(name: "Cabinet", kind: "cabinet")),
                  case .saved(let meeting) = try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-19")) else {
                throw TestSetupError("board or meeting not saved")
            }
            _ = try await governance.addItem(meetingID: meeting.id!, .init(title: "Q3 update", ask: "note", planID: p, periodID: q3.id)).errors
            _ = try await MilestoneUpdateService(db: app.db, user: officer).save(
                milestoneID: h, input: .init(commentary: "Slipping", proposedDeadline: "Mar-18", proposedReason: "Trainer", version: 1), today: AsOf.today())
            let item = try #require(try await AgendaItem.query(on: app.db).first()).id!
            let revision = try #require(try await DeadlineRevision.query(on: app.db).first()).id!
            #expect(item == revision, "the fixture wants an agenda item and a revision with the same number")
            guard case .saved(let direction) = try await DirectionsService(db: app.db, user: officer).createDirection(
                .init(title: "Directions", givenOn: "2017-01-16", requirements: "Reports")) else { throw TestSetupError("direction not saved") }
            _ = try await DirectionsService(db: app.db, user: officer).addSubmission(directionID: direction.id!, .init(title: "Q3 report", dueOn: "2018-01-31")).errors
            let person = try #require(try await Person.query(on: app.db).first()).id!

            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let pages = [
                "/plans", "/plans/\(p)", "/plans/\(p)/milestones", "/my-milestones", "/milestones/\(h)", "/milestones/\(h)/update",
                "/milestones/\(h)/edit", "/activities/\(hers.$activity.id)", "/activities/\(hers.$activity.id)/milestones/new",
                "/plans/\(p)/structure", "/people", "/people/\(person)", "/plans/\(p)/periods", "/periods/\(q3.id!)", "/periods/\(q2.id!)",
                "/periods/\(q3.id!)/pack", "/periods/\(q3.id!)/narrative", "/periods/\(q2.id!)/narrative", "/plans/\(p)/governance",
                "/boards", "/boards/\(board.id!)", "/meetings/\(meeting.id!)", "/directions", "/directions/\(direction.id!)",
                "/import", "/admin/audit", "/admin/outbox", "/account/tokens",
            ]
            for path in pages {
                let response = try await team.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(duplicateIDs(in: response.body.string).isEmpty, "\(path) repeats ids \(duplicateIDs(in: response.body.string))")
            }
            // Pages shown again with their errors, which add ids of their own.
            let failed: [(String, [String: String])] = [
                ("/revisions/\(revision)/decision", ["meeting_id": "\(meeting.id!)"]),
                ("/agenda-items/\(item)/decision", [:]),
                ("/periods/\(q3.id!)/rating", ["area_id": "\(try #require(try await Area.query(on: app.db).first()).id!)", "rating": "green"]),
                ("/directions/\(direction.id!)/submissions", [:]),
            ]
            for (path, form) in failed {
                let response = try await team.post(path, form)
                #expect(response.status == .unprocessableEntity, "\(path): \(response.status)")
                #expect(duplicateIDs(in: response.body.string).isEmpty, "\(path) repeats ids \(duplicateIDs(in: response.body.string))")
            }
            // The agenda item's error links to the agenda item's box, not the revision's.
            let itemError = try await team.post("/agenda-items/\(item)/decision", [:]).body.string
            #expect(itemError.contains("<a href=\"#item_decision-\(item)\">Enter what the board decided</a>"))
            #expect(itemError.contains("<label class=\"label\" for=\"item_decision-\(item)\">Decision</label>"))

            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            for path in ["/admin/users", "/admin/settings", "/periods/\(q2.id!)/reopen"] {
                let response = try await admin.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(duplicateIDs(in: response.body.string).isEmpty, "\(path) repeats ids \(duplicateIDs(in: response.body.string))")
            }
        }
    }
}
