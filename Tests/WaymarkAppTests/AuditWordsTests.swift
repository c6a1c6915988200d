import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The audit trail in words: actions, fields and values as people write them, never the codes,
/// column names, ids and ISO dates Waymark stores.
@Suite struct AuditWordsTests {
    @Test func codesAndValuesBecomeWords() {
        #expect(AuditWords.action("submission.made") == "Submission made")
        #expect(AuditWords.action("revision.agreed") == "Revised deadline agreed by the Board")
        #expect(AuditWords.action("something.new_here") == "Something new here")
        #expect(AuditWords.field("meeting_id") == "Meeting" && AuditWords.field("deadline_text") == "Deadline")
        #expect(AuditWords.field("brand_new_field") == "Brand new field")
        let names = AuditNames(people: [3: "Lucy Marsh", 7: "Sam Hale"], meetings: [1: "Improvement Board, 18 Dec 2017"])
        #expect(AuditWords.value("1", of: "meeting_id", names: names) == "Improvement Board, 18 Dec 2017")
        #expect(AuditWords.value("3,7", of: "lead_ids", names: names) == "Lucy Marsh / Sam Hale")
        #expect(AuditWords.value("2017-12-01", of: "forecast_date", names: names) == "1 Dec 2017")
        #expect(AuditWords.value("", of: "forecast_date", names: names) == "none")
        #expect(AuditWords.value("withdrawn", of: "lifecycle", names: names) == "Withdrawn")
        #expect(AuditWords.readable("The Board agreed \"Mar-18\" for \"Audit\" on 2017-12-18, minute 5") == "The Board agreed \"Mar-18\" for \"Audit\" on 18 Dec 2017, minute 5")
        // Every action in the catalogue is listed once.
        #expect(Set(AuditWords.actions.map(\.code)).count == AuditWords.actions.count)
    }

    @Test(arguments: TestDatabase.allCases)
    func historyAuditAndGovernanceTrailSpeakWords(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let governance = GovernanceService(db: app.db, user: officer)
            guard case .saved(let board) = try await governance.createBoard(.init(name: "Improvement Board", kind: "improvement_board")),
                  case .saved(let meeting) = try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-18")) else {
                throw TestSetupError("board or meeting not saved")
            }
            _ = try await MilestoneUpdateService(db: app.db, user: officer).save(
                milestoneID: hers.id!, input: .init(commentary: "Slipping", forecast: "2017-12-01", proposedDeadline: "Mar-18", proposedReason: "Trainer", version: 1),
                today: AsOf.today())
            let revision = try #require(try await DeadlineRevision.query(on: app.db).first())
            #expect(try await RevisionDecisionService(db: app.db, user: officer).decide(revisionID: revision.id!, decision: "agreed", meetingID: meeting.id,
                                                                                        minuteReference: "BVIB 5.2").errors.isEmpty)

            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            let history = try await team.get("/milestones/\(hers.id!)").body.string
            #expect(history.contains("Meeting: none → Improvement Board, 18 Dec 2017"), "the meeting is named, not numbered")
            #expect(history.contains("Decision: none → Agreed"))
            #expect(history.contains("Revised deadline: none → Mar-18"))
            #expect(!history.contains("meeting id") && !history.contains("(none)"))
            #expect(history.contains("on 18 Dec 2017, minute BVIB 5.2") && !history.contains("2017-12-18"))

            let audit = try await team.get("/admin/audit").body.string
            #expect(audit.contains("<select class=\"select\" id=\"action\" name=\"action\">"))
            #expect(audit.contains("<option value=\"\" selected>Any action</option>"))
            for (code, words) in AuditWords.actions {
                #expect(audit.contains("<option value=\"\(code)\">\(words.replacingOccurrences(of: "'", with: "&#39;"))</option>"), "\(code) is offered")
            }
            #expect(audit.contains("<td>Revised deadline agreed by the Board</td>"))
            #expect(!audit.contains("<td>revision.agreed</td>") && !audit.contains("<td>plan.imported</td>"))

            // The query parameter is still `action`, with the stored code.
            let filtered = try await team.get("/admin/audit?action=revision.agreed").body.string
            #expect(filtered.contains("<option value=\"revision.agreed\" selected>Revised deadline agreed by the Board</option>"))
            #expect(filtered.components(separatedBy: "<td>Revised deadline agreed by the Board</td>").count - 1 == 1)
            #expect(!filtered.contains("<td>Plan file imported</td>"))

            // The governance trail gives every date in one style.
            let trail = try await team.get("/plans/\(plan.planID)/governance").body.string
            #expect(trail.contains("on 18 Dec 2017, minute BVIB 5.2"))
            #expect(trail.firstMatch(of: #/\d{4}-\d{2}-\d{2}/#) == nil, "no ISO date on the governance trail")
        }
    }
}
