import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Titles, names and subjects are one line wherever they come in (an import, its file's name,
/// a form, the API, a service): a line break or a NUL is refused with a message naming the field,
/// and nothing is written. Commentary keeps its line breaks but refuses other control characters.
@Suite struct SingleLineFieldTests {
    static let oneLine = "must be on one line, without tabs, line breaks or other control characters"
    static let hostile = "Plan\r\nBcc: spy@evil.example\r\n.\r\nRSET"

    /// Rows of the tables a refused write could touch.
    static func counts(_ app: Application) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["plans", "areas", "activities", "milestones", "people", "milestone_updates", "milestone_comments", "boards",
                      "meetings", "directions", "audit_events", "users"] {
            counts[table] = try await app.count(table)
        }
        return counts
    }

    static func html(_ text: String) -> String { HTML.escape(text) }

    @Test(arguments: TestDatabase.allCases)
    func anImportWhoseFileNameOrTitleIsNotOneLineWritesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let before = try await Self.counts(app)
            let csv = "area,activity,milestone,lead,deadline\nGrants,1 Review,Agree the grant rules,Jo Bloggs,May-18\n"
            let document = try PlanFileReader.read(Array(csv.utf8)).document
            #expect(document.title == nil)
            let service = PlanImportService(db: app.db, actor: "test")

            // The probe's way in: a file with no title of its own, named with line breaks.
            await #expect {
                _ = try await service.run(document, planReference: nil, fileName: Self.hostile + ".csv")
            } throws: { error in
                (error as? PlanImportService.Refused)?.reason
                    == "The file's name \(Self.oneLine) (character 5 is a line break); rename the file and import it again. Nothing was imported."
            }
            await #expect(throws: PlanImportService.Refused.self) {
                _ = try await service.preview(document, planReference: nil, fileName: "Grants\u{0}plan.csv")
            }
            // A new plan's title given with the import is held to the same rule.
            await #expect {
                _ = try await service.run(document, planReference: "New\u{0}plan", fileName: "grants.csv")
            } throws: { error in
                (error as? PlanImportService.Refused)?.reason
                    == "The plan's title \(Self.oneLine) (character 4 is the control character U+0000). Nothing was imported."
            }

            // Through the import page's confirmation, which carries the file's name in a field.
            _ = try await team.get("/import")
            let applied = try await team.post("/import/apply", ["content": Data(csv.utf8).base64EncodedString(), "filename": Self.hostile + ".csv",
                                                                "plan": "", "sheet": ""])
            #expect(applied.status == .unprocessableEntity)
            #expect(applied.body.string.contains(Self.html("The file's name \(Self.oneLine) (character 5 is a line break)")))

            // A cell holding a control character is refused, line and column named. (A line break
            // typed inside a cell, Alt+Enter in Excel, is read as a space.)
            let broken = "area,activity,milestone,lead,deadline\nGrants,1 Review,\"Agree\u{1B}the rules\",Jo Bloggs,May-18\n"
            let previewed = try await team.post("/import/apply", ["content": Data(broken.utf8).base64EncodedString(), "filename": "grants.csv",
                                                                  "plan": "", "sheet": ""])
            #expect(previewed.status == .unprocessableEntity)
            #expect(previewed.body.string.contains(Self.html("the milestone \(Self.oneLine) (character 6 is the control character U+001B)")))

            #expect(try await Self.counts(app) == before)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func formsAndTheAPIRefuseLineBreaksAndNulsInTitlesAndNames(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            let officerHeaders = try await apiHeaders(app, accounts, .performanceOfficer)
            let leadHeaders = try await apiHeaders(app, accounts, .leadOfficer)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            var board = try WebClient(app)
            try await board.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let before = try await Self.counts(app)
            let activityID = hers.$activity.id

            // Forms.
            _ = try await team.get("/plans/\(hers.$plan.id)")
            let milestone = try await team.post("/activities/\(activityID)/milestones", ["title": Self.hostile, "deadline": "May-18", "leads": "Lucy Marsh"])
            #expect(milestone.status == .unprocessableEntity)
            #expect(milestone.body.string.contains("Milestone \(Self.oneLine) (character 5 is a line break)"))
            let nul = try await team.post("/activities/\(activityID)/milestones", ["title": "Agree\u{0}it", "deadline": "May-18", "leads": "Lucy Marsh"])
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.body.string.contains("Milestone \(Self.oneLine) (character 6 is the control character U+0000)"))
            _ = try await team.get("/people")
            let person = try await team.post("/people", ["name": "Jo\nBloggs", "job_title": "", "email": ""])
            #expect(person.status == .unprocessableEntity)
            #expect(person.body.string.contains("Name \(Self.oneLine) (character 3 is a line break)"))
            _ = try await team.get("/boards")
            let newBoard = try await team.post("/boards", ["name": Self.hostile, "kind": "improvement_board", "chair": "The Mayor", "members": "a\nb"])
            #expect(newBoard.status == .unprocessableEntity)
            #expect(newBoard.body.string.contains(Self.html("The board's name \(Self.oneLine) (character 5 is a line break)")))
            _ = try await team.get("/directions")
            let direction = try await team.post("/directions", ["title": "Directions\u{0}of 2017", "given_on": "2017-01-16", "requirements": "One\nTwo"])
            #expect(direction.status == .unprocessableEntity)
            #expect(direction.body.string.contains(Self.html("The Directions' title \(Self.oneLine) (character 11 is the control character U+0000)")))
            _ = try await board.get("/milestones/\(hers.id!)")
            let comment = try await board.post("/milestones/\(hers.id!)/comments", ["comment": "Why?\u{0}"])
            #expect(comment.status == .unprocessableEntity)
            #expect(comment.body.string.contains("Your comment must not contain control characters other than line breaks and tabs (character 5 is the control character U+0000)"))

            // The API.
            func post(_ path: String, _ json: String, _ headers: HTTPHeaders) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, "/api/v1" + path, headers: headers, body: ByteBuffer(string: json))
            }
            let api = try await post("/activities/\(activityID)/milestones", #"{"title": "Two\nlines", "deadline": "May-18", "leads": "Lucy Marsh"}"#, officerHeaders)
            #expect(api.status == .unprocessableEntity)
            #expect(api.body.string.contains("Milestone \(Self.oneLine) (character 4 is a line break)"))
            let area = try await post("/plans/\(hers.$plan.id)/areas", #"{"name": "Grants\u0000"}"#, officerHeaders)
            #expect(area.status == .unprocessableEntity)
            #expect(area.body.string.contains("Area name \(Self.oneLine) (character 7 is the control character U+0000)"))
            let update = try await post("/milestones/\(hers.id!)/updates", #"{"commentary": "Done\u001b[2J", "version": 1}"#, leadHeaders)
            #expect(update.status == .unprocessableEntity)
            #expect(update.body.string.contains("Progress commentary must not contain control characters other than line breaks and tabs (character 5 is the control character U+001B)"))
            let proposal = try await post("/milestones/\(hers.id!)/updates",
                                          #"{"commentary": "Late", "proposed_deadline": "Jun-18\r\nBcc: x", "proposed_reason": "Supplier", "version": 1}"#, leadHeaders)
            #expect(proposal.status == .unprocessableEntity)

            // Services the forms and commands share.
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let structure = PlanStructureService(db: app.db, user: officer)
            let areaID = try #require(try await Area.query(on: app.db).first()?.requireID())
            #expect(try await structure.renameArea(areaID, to: "Grants\rand more").errors.map(\.field) == ["name"])
            #expect(try await structure.renameActivity(activityID, to: "Review\u{2028}again").errors.map(\.field) == ["title"])
            #expect(try await structure.addActivity(to: areaID, title: "Re\u{85}view").errors.map(\.field) == ["activity_title"])
            #expect(try await structure.editMilestone(hers.id!, .init(title: "Fine", deadline: "May-18", leads: "Lucy\u{0}Marsh", version: 1)).errors.map(\.field) == ["leads"])
            let governance = GovernanceService(db: app.db, user: officer)
            #expect(try await governance.createBoard(.init(name: "Board", kind: "improvement_board", chair: "The\tMayor")).errors.map(\.field) == ["chair"])
            let accountService = AccountService(db: app.db, bcryptCost: 4)
            let badName = try await accountService.createUser(email: "new@council.test", displayName: "New\r\nBcc: spy@evil.example", password: TestAccounts.password,
                                                              role: .viewer, personID: nil, by: "test")
            #expect(badName.errors.map(\.message) == ["Name \(Self.oneLine) (character 4 is a line break)"])
            let badEmail = try await accountService.createUser(email: "new@council.test\nBcc: spy@evil.example", displayName: "New", password: TestAccounts.password,
                                                               role: .viewer, personID: nil, by: "test")
            #expect(badEmail.errors.map(\.field) == ["email"])

            #expect(try await Self.counts(app) == before)
            #expect(try await Milestone.find(hers.id, on: app.db)?.version == 1)
        }
    }
}
