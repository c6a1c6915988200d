import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A review's recommendations followed through the usual reporting: the Board pack shows each
/// recommendation's milestones and their statuses, the API gives them, and a follow-up visit's
/// reviewers read the milestones that answer the first review's recommendations.
@Suite struct RecommendationReportingTests {
    /// A review with one recommendation answered by two milestones of a new action plan.
    static func setUp(_ app: Application) async throws -> (team: WebClient, planID: Int, review: Int, recommendation: ReviewFinding, actionPlan: Int) {
        var (team, planID, review) = try await ReviewPagesTests.setUp(app)
        #expect(try await team.post("/reviews/\(review)/findings", ["finding_kind": "recommendation", "finding_text": "Publish a single <corporate> plan"]).status == .seeOther)
        let recommendation = try #require(try await ReviewFinding.query(on: app.db).first())
        for (title, deadline) in [("Corporate plan drafted", "Sep-18"), ("Corporate plan agreed by Cabinet", "Mar-19")] {
            #expect(try await team.post("/review-findings/\(recommendation.id!)/milestones", ["target": "new", "title": title, "deadline": deadline, "leads": "Will Tuckley"]).status == .seeOther)
        }
        let actionPlan = try #require(try await Plan.query(on: app.db).filter(\.$title == "LGA Corporate Peer Challenge 2018 action plan").first()).id!
        return (team, planID, review, recommendation, actionPlan)
    }

    @Test(arguments: TestDatabase.allCases)
    func theBoardPackShowsProgressPerRecommendation(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, _, recommendation, actionPlan) = try await Self.setUp(app)
            let drafted = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Corporate plan drafted").first())
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let periods = ReportingPeriodService(db: app.db, user: officer)
            let q3 = try await periods.opened(planID: actionPlan, label: "Q3 2018-19")

            let pack = try await team.get("/periods/\(q3.id!)/pack").body.string
            #expect(pack.contains("<h2>Progress against the review's recommendations</h2>"))
            // An open period is reported as at its end or today, whichever is first: 31 Dec 2018 here.
            #expect(pack.contains("LGA Corporate Peer Challenge 2018: recommendations and the milestones that answer them, as at 31 Dec 2018</caption>"))
            #expect(pack.contains("<th scope=\"row\">Recommendation 1</th><td><p>Publish a single &lt;corporate&gt; plan</p></td>"))
            #expect(pack.contains("Corporate plan drafted, Sep-18 <strong class=\"tag tag--overdue\">Overdue</strong>"))
            #expect(pack.contains("Corporate plan agreed by Cabinet, Mar-19 <strong class=\"tag tag--on_target\">On Target</strong>"))
            #expect(pack.contains("<td>1 On Target and 1 Overdue</td>"))

            // The workbook has a sheet of them; the CSV stays milestones alone, for `waymark import`.
            let report = try #require(try await PeriodReport.build(periodID: q3.id!, today: CalendarDate(year: 2018, month: 12, day: 31)!, on: app.db))
            let sheet = try #require(DeliveryPlanExport.sheets(report).last)
            #expect(sheet.name == "Recommendations" && sheet.rows.count == 3)
            #expect(!DeliveryPlanExport.csv(report).contains("Publish a single"))

            // A withdrawn milestone is counted as such; a plan answering nothing shows no section.
            #expect(try await PlanStructureService(db: app.db, user: officer).setWithdrawn(drafted.id!, reason: "Folded into the Cabinet paper", version: drafted.version).savedValue != nil)
            #expect(try await team.get("/periods/\(q3.id!)/pack").body.string.contains("<td>1 On Target and 1 Withdrawn</td>"))
            let seedQ3 = try await periods.opened(planID: planID, label: "Q3 2017-18")
            #expect(!(try await team.get("/periods/\(seedQ3.id!)/pack").body.string.contains("Progress against the review's recommendations")))
            #expect(recommendation.number == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAPIAndAFollowUpsReviewerSeeWhereRecommendationsStand(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let clock = ManualClock(start: ReviewerAccessTests.noon(CalendarDate(year: 2019, month: 6, day: 10)!))
            app.now = { clock.now }
            var (team, planID, review, recommendation, actionPlan) = try await Self.setUp(app)
            let answers = try await Milestone.query(on: app.db).filter(\.$plan.$id == actionPlan).sort(\.$id).all()

            struct Detail: Decodable {
                struct Answer: Decodable { var id: Int, plan_id: Int, title: String, status: String, status_label: String }
                struct Recommendation: Decodable { var id: Int, number: Int, text: String, milestones: [Answer] }
                struct Followed: Decodable { var id: Int, recommendations: [Recommendation] }
                var recommendations: [Recommendation]
                var follows: Followed?
            }
            let own = try JSONDecoder().decode(Detail.self, from: Data(try await team.get("/api/v1/reviews/\(review)").body.readableBytesView))
            #expect(own.recommendations.map(\.id) == [recommendation.id!] && own.follows == nil)
            #expect(own.recommendations.first?.milestones.map(\.id) == answers.map { $0.id! })
            #expect(own.recommendations.first?.milestones.map(\.status) == ["overdue", "overdue"])
            #expect(own.recommendations.first?.milestones.first?.plan_id == actionPlan)

            // The follow-up visit, with a reviewer from 1 to 30 June 2019.
            #expect(try await team.post("/reviews", ["kind": "follow_up_visit", "title": "Follow-up visit 2019", "plan_id": "\(planID)", "follows_review_id": "\(review)"]).status == .seeOther)
            let followUp = try #require(try await Review.query(on: app.db).filter(\.$title == "Follow-up visit 2019").first()).id!
            let followed = try JSONDecoder().decode(Detail.self, from: Data(try await team.get("/api/v1/reviews/\(followUp)").body.readableBytesView))
            #expect(followed.follows?.id == review && followed.follows?.recommendations.first?.milestones.count == 2)
            #expect(followed.recommendations.isEmpty)

            #expect(try await team.post("/reviews/\(followUp)/peers", ["name": "Ros Jones", "role": "Mayor", "organisation": "Doncaster MBC"]).status == .seeOther)
            let peer = try #require(try await PeerMember.query(on: app.db).filter(\.$review.$id == followUp).first()).id!
            _ = try await team.get("/reviews/\(followUp)/reviewers")
            let given = try await team.post("/reviews/\(followUp)/reviewers", ["peer_id": "\(peer)", "email": "ros.jones@doncaster.example", "valid_from": "2019-06-01", "valid_until": "2019-06-30"])
            let shown = given.body.string
            let password = try #require(shown.range(of: "<strong><code>").map { String(shown[$0.upperBound...].prefix(while: { $0 != "<" })) })
            var reviewer = try WebClient(app)
            _ = try await reviewer.get("/sign-in")
            #expect(try await reviewer.post("/sign-in", ["email": "ros.jones@doncaster.example", "password": password]).status == .seeOther)
            _ = try await reviewer.get("/account/password")
            #expect(try await reviewer.post("/account/password", ["current_password": password, "new_password": "follow up june 2019", "confirm_password": "follow up june 2019"]).status == .seeOther)

            // The answering milestones read-only; the rest of the action plan and the first review stay closed.
            let page = try await reviewer.get("/milestones/\(answers[0].id!)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<h2 id=\"history\">Progress updates</h2>"))
            #expect(try await reviewer.get("/milestones/\(answers[1].id!)/update").status == .forbidden)
            #expect(try await reviewer.post("/milestones/\(answers[1].id!)/comments", ["comment": "Hello"]).status == .forbidden)
            let unlinked = try await importSeedPlan(app, into: "Another plan")
            let elsewhere = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == unlinked.planID).first())
            for path in ["/plans/\(actionPlan)", "/reviews/\(review)", "/api/v1/reviews/\(review)", "/milestones/\(elsewhere.id!)"] {
                #expect(try await reviewer.get(path).status == .notFound, "\(path)")
            }
            let api = try JSONDecoder().decode(Detail.self, from: Data(try await reviewer.get("/api/v1/reviews/\(followUp)").body.readableBytesView))
            #expect(api.follows?.recommendations.first?.milestones.map(\.title) == ["Corporate plan drafted", "Corporate plan agreed by Cabinet"])

            // Still time-limited: after the window, nothing (refused, or sent to sign in again).
            clock.advance(by: 21 * 24 * 3600)
            #expect(try await reviewer.get("/milestones/\(answers[0].id!)").status != .ok)
        }
    }
}
