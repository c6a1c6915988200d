import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A review's title, introduction and the submission it answers change after it is set up: checked,
/// claimed by version, audited; and the Directions' page lists the reviews that answer them.
@Suite struct ReviewDetailsTests {
    @Test(arguments: TestDatabase.allCases)
    func aReviewsDetailsChangeAndItsDirectionsListIt(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, review) = try await ReviewPagesTests.setUp(app)
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let directions = DirectionsService(db: app.db, user: officer)
            guard case .saved(let direction) = try await directions.createDirection(.init(title: "Directions of 16 January 2017", givenOn: "2017-01-16", expiresOn: "2018-09-30",
                                                                                            requirements: "An independent review by June 2018", planID: planID)) else {
                throw TestSetupError("Directions not saved")
            }
            #expect(try await directions.addSubmission(directionID: direction.id!, .init(title: "Independent review of achievement", dueOn: "2018-08-01")).errors.isEmpty)
            let submission = try #require(try await Submission.query(on: app.db).first())
            #expect(try await team.get("/directions/\(direction.id!)").body.string.contains("<p>No independent review answers these Directions yet.</p>"))

            let form = try await team.get("/reviews/\(review)/details")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("value=\"LGA Corporate Peer Challenge 2018\""))
            #expect(try await team.get("/reviews/\(review)").body.string.contains("<a href=\"/reviews/\(review)/details\">"))

            let refused = try await team.post("/reviews/\(review)/details", ["title": " ", "introduction": "Bell\u{7}", "version": "1"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<li><a href=\"#title\">Enter the review&#39;s title"))
            #expect(refused.body.string.contains("<li><a href=\"#introduction\">Introduction must not contain control characters"))
            let unknown = try await team.post("/reviews/\(review)/details", ["title": "X", "submission_id": "999", "version": "1"])
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("<li><a href=\"#submission_id\">"))

            let saved = try await team.post("/reviews/\(review)/details", ["title": "LGA Corporate Peer Challenge, June 2018", "introduction": "Required by the Directions.\r\n\r\nSecond paragraph.",
                                                                          "submission_id": "\(submission.id!)", "version": "1"])
            #expect(saved.status == .seeOther)
            let changed = try #require(try await Review.find(review, on: app.db))
            #expect(changed.title == "LGA Corporate Peer Challenge, June 2018" && changed.introduction == "Required by the Directions.\n\nSecond paragraph.")
            #expect(changed.$submission.id == submission.id && changed.$direction.id == direction.id && changed.version == 2)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "review.changed").first())
            #expect(audit.summary == "Changed the details of the review \"LGA Corporate Peer Challenge, June 2018\"")
            #expect(audit.beforeValues?.contains("LGA Corporate Peer Challenge 2018") == true)

            // A second form opened at version 1 is overtaken, and says so.
            let stale = try await team.post("/reviews/\(review)/details", ["title": "Something else", "version": "1"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("before your change arrived"))
            #expect(try await Review.find(review, on: app.db)?.title == "LGA Corporate Peer Challenge, June 2018")

            let page = try await team.get("/directions/\(direction.id!)").body.string
            #expect(page.contains("<li><a href=\"/reviews/\(review)\">LGA Corporate Peer Challenge, June 2018</a> (LGA corporate peer challenge), answering \"Independent review of achievement\"</li>"))
            #expect(try await team.get("/reviews/\(review)/paper").body.string.contains("LGA Corporate Peer Challenge, June 2018"))

            // Unlinked again: the Directions no longer list it.
            #expect(try await team.post("/reviews/\(review)/details", ["title": "LGA Corporate Peer Challenge, June 2018", "submission_id": "", "version": "2"]).status == .seeOther)
            #expect(try await Review.find(review, on: app.db)?.$direction.id == nil)
            #expect(try await team.get("/directions/\(direction.id!)").body.string.contains("No independent review answers these Directions yet."))

            // Only the performance team changes a review.
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            #expect(try await viewer.get("/reviews/\(review)/details").status == .forbidden)
            #expect(try await viewer.post("/reviews/\(review)/details", ["title": "Mine", "version": "3"]).status == .forbidden)
            #expect(!(try await viewer.get("/reviews/\(review)").body.string.contains("/details\"")))
        }
    }
}
