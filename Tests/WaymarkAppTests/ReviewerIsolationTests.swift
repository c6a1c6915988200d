import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A reviewer of one review against a second, real review of the same plan, with evidence in two
/// versions, a schedule and feedback: every page, download and API answer of the second is
/// refused or not found, nothing of it shows, and nothing the reviewer tries is logged or kept.
@Suite struct ReviewerIsolationTests {
    @Test(arguments: TestDatabase.allCases)
    func aReviewerOfOneReviewReachesNothingOfAnother(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let setting = try await ReviewerAccessTests.setUp(app)
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let reviews = ReviewService(db: app.db, user: officer), evidence = EvidenceService(db: app.db, user: officer), schedule = ScheduleService(db: app.db, user: officer)
            guard case .saved(let other) = try await reviews.create(.init(planID: setting.planID, kind: "lga_corporate_peer_challenge", title: "Confidential second review")) else {
                throw TestSetupError("second review not created")
            }
            let b = try other.requireID()
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == b).first()).id!
            let activity = try #require(try await ReviewActivity.query(on: app.db).filter(\.$review.$id == b).first()).id!
            guard case .saved(let document) = try await evidence.add(reviewID: b, .init(title: "Secret briefing", themeIDs: [theme], file: ("briefing.pdf", Data(UploadSamples.pdf)))),
                  case .saved = try await evidence.addVersion(documentID: document.id!, basedOn: 1, file: ("briefing v2.pdf", Data(UploadSamples.pdf + [0x20]))),
                  case .saved(let room) = try await schedule.addRoom(reviewID: b, name: "MP602", purpose: "interview"),
                  case .saved(let person) = try await schedule.addInterviewee(reviewID: b, name: "Will Tuckley", role: "Chief Executive", briefedOn: ""),
                  case .saved(let session) = try await schedule.addSession(reviewID: b, .init(day: "2018-06-19", starts: "09:30", ends: "10:30", title: "Leadership",
                                                                                                 roomID: room.id, intervieweeIDs: [person.id!])),
                  case .saved(let finding) = try await FindingService(db: app.db, user: officer).add(reviewID: b, .init(kind: "recommendation", text: "Hidden advice")) else {
                throw TestSetupError("second review's work not set up")
            }
            let d = try document.requireID()
            let readsBefore = try await EvidenceRead.query(on: app.db).count()

            var (reviewer, signedIn) = try await ReviewerAccessTests.signIn(app, setting)
            #expect(signedIn.status == .seeOther)
            // Their own review's schedule day opens, so the refusals below are about the review, not the page.
            #expect(try await reviewer.get("/reviews/\(setting.review)/schedule/2018-06-19").status == .ok)
            let gets = ["/reviews/\(b)", "/reviews/\(b)/evidence", "/reviews/\(b)/schedule", "/reviews/\(b)/schedule/2018-06-19",
                        "/reviews/\(b)/schedule/2018-06-19/agenda.pdf", "/reviews/\(b)/interviewees", "/reviews/\(b)/paper", "/reviews/\(b)/paper.pdf",
                        "/reviews/\(b)/paper.xlsx", "/reviews/\(b)/paper.csv", "/reviews/\(b)/reviewers", "/reviews/\(b)/reads",
                        "/evidence/\(d)", "/evidence/\(d)/versions/1", "/evidence/\(d)/versions/2", "/api/v1/reviews/\(b)",
                        "/review-findings/\(finding.id!)", "/review-themes/\(theme)", "/review-activities/\(activity)"]
            for path in gets {
                let response = try await reviewer.get(path)
                #expect([403, 404].contains(response.status.code), "\(path): \(response.status)")
                let body = response.body.string
                #expect(!body.contains("Confidential second review") && !body.contains("Secret briefing") && !body.contains("Will Tuckley"), "\(path) shows the other review")
            }
            let posts: [(String, [String: String])] = [
                ("/evidence/\(d)/notes", ["note": "Interesting"]), ("/reviews/\(b)/findings", ["finding_kind": "finding", "finding_text": "Mine"]),
                ("/review-sessions/\(session.id!)/cancel", [:]), ("/review-interviewees/\(person.id!)/briefed", ["briefed_on-\(person.id!)": "2018-06-01"]),
                ("/reviews/\(b)/close", ["closed_on": "2018-08-01", "version": "1"]), ("/reviews/\(b)/evidence", ["title": "Mine"]),
            ]
            for (path, form) in posts {
                let code = try await reviewer.post(path, form).status.code
                #expect([403, 404].contains(code), "\(path): \(code)")
            }
            // The list and the API list show only their own review.
            let list = try await reviewer.get("/api/v1/reviews")
            #expect(!list.body.string.contains("Confidential second review"))
            #expect(try await EvidenceRead.query(on: app.db).count() == readsBefore)
            #expect(try await ReviewerNote.query(on: app.db).count() == 0)
            #expect(try await ReviewSession.find(session.id, on: app.db) != nil)
            #expect(try await Review.find(b, on: app.db)?.closedOn == nil)
        }
    }
}
