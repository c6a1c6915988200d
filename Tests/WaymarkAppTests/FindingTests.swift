import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The peer team's feedback, and recommendations turned into a tracked action plan.
@Suite struct FindingTests {
    @Test(arguments: TestDatabase.allCases)
    func recommendationsBecomeMilestonesLinkedBothWays(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, review) = try await ReviewPagesTests.setUp(app)
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).first())
            let add = { (client: inout WebClient, form: [String: String]) in try await client.post("/reviews/\(review)/findings", form) }
            #expect(try await add(&team, ["finding_kind": "finding", "finding_text": "Strong political leadership", "finding_theme_id": "\(theme.id!)"]).status == .seeOther)
            #expect(try await add(&team, ["finding_kind": "recommendation", "finding_text": "Publish a single corporate plan", "finding_theme_id": "\(theme.id!)"]).status == .seeOther)
            #expect(try await add(&team, ["finding_kind": "recommendation", "finding_text": "Refresh the workforce strategy", "finding_theme_id": "\(theme.id!)"]).status == .seeOther)
            let refused = try await add(&team, ["finding_kind": "opinion", "finding_text": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<a href=\"#finding_kind\">Select whether it is a finding or a recommendation</a>"))
            #expect(refused.body.string.contains("<a href=\"#finding_text\">Enter the finding or recommendation</a>"))

            let findings = try await ReviewFinding.query(on: app.db).sort(\.$id).all()
            #expect(findings.map(\.number) == [1, 1, 2] && findings.allSatisfy { $0.stage == .draft })
            let (finding, first, second) = (findings[0], findings[1], findings[2])

            // Draft to final; a second save on the old version is overtaken.
            _ = try await team.get("/review-findings/\(first.id!)")
            #expect(try await team.post("/review-findings/\(first.id!)", ["finding_text": first.text, "stage": "final", "finding_theme_id": "\(theme.id!)", "version": "1"]).status == .seeOther)
            #expect(try await team.post("/review-findings/\(first.id!)", ["finding_text": "Other", "stage": "draft", "version": "1"]).status == .conflict)
            #expect(try await ReviewFinding.find(first.id, on: app.db)?.stage == .final)

            // Into an area of the reviewed plan.
            let area = try #require(try await Area.query(on: app.db).filter(\.$plan.$id == planID).sort(\.$position).first())
            let versionBefore = try #require(try await Plan.find(planID, on: app.db)).dataVersion
            let bad = try await team.post("/review-findings/\(first.id!)/milestones", ["target": "\(area.id!)", "title": "Corporate plan agreed", "deadline": "Smarch 2019", "leads": "Will Tuckley"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("<a href=\"#deadline\">Deadline:"))
            #expect(try await RecommendationMilestone.query(on: app.db).count() == 0)
            #expect(try await team.post("/review-findings/\(first.id!)/milestones", ["target": "\(area.id!)", "title": "Corporate plan agreed by Cabinet",
                                                                                  "deadline": "Mar-19", "leads": "Will Tuckley"]).status == .seeOther)
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Corporate plan agreed by Cabinet").first())
            let activity = try #require(try await Activity.find(milestone.$activity.id, on: app.db))
            #expect(activity.$area.id == area.id && activity.title == "Recommendations of the LGA Corporate Peer Challenge 2018")
            #expect(try #require(try await Plan.find(planID, on: app.db)).dataVersion > versionBefore)
            let milestonePage = try await team.get("/milestones/\(milestone.id!)").body.string
            #expect(milestonePage.contains("<dt>Answers</dt><dd>Recommendation 1 of <a href=\"/reviews/\(review)\">LGA Corporate Peer Challenge 2018</a>: Publish a single corporate plan</dd>"))
            let reviewPage = try await team.get("/reviews/\(review)").body.string
            #expect(reviewPage.contains("<a href=\"/milestones/\(milestone.id!)\">Corporate plan agreed by Cabinet</a>, Mar-19 <strong class=\"tag tag--overdue\">Overdue</strong>"))

            // Into a new action plan, with an area for the theme; the next one reuses both.
            #expect(try await team.post("/review-findings/\(second.id!)/milestones", ["target": "new", "title": "Workforce strategy refreshed", "deadline": "Jun-19", "leads": "HR Director"]).status == .seeOther)
            #expect(try await team.post("/review-findings/\(second.id!)/milestones", ["target": "new", "title": "Workforce strategy consulted on", "deadline": "Apr-19", "leads": "HR Director"]).status == .seeOther)
            let actionPlan = try #require(try await Plan.query(on: app.db).filter(\.$title == "LGA Corporate Peer Challenge 2018 action plan").first())
            let areas = try await Area.query(on: app.db).filter(\.$plan.$id == actionPlan.requireID()).all()
            #expect(areas.map(\.name) == [theme.title])
            #expect(try await Milestone.query(on: app.db).filter(\.$plan.$id == actionPlan.requireID()).count() == 2)
            #expect(try await RecommendationMilestone.query(on: app.db).count() == 3)

            // Renamed, the review keeps its action plan: the plan and its activity take the new name,
            // and the next milestone goes into the same plan.
            let current = try #require(try await Review.find(review, on: app.db))
            #expect(try await team.post("/reviews/\(review)/details", ["title": "LGA Peer Challenge 2018", "introduction": current.introduction,
                                                                      "submission_id": "", "version": "\(current.version)"]).status == .seeOther)
            #expect(try await Plan.find(actionPlan.id, on: app.db)?.title == "LGA Peer Challenge 2018 action plan")
            #expect(try await Activity.query(on: app.db).filter(\.$title == "Recommendations of the LGA Peer Challenge 2018").count() == 2)
            #expect(try await team.post("/review-findings/\(second.id!)/milestones", ["target": "new", "title": "Workforce strategy agreed", "deadline": "Jul-19", "leads": "HR Director"]).status == .seeOther)
            #expect(try await Plan.query(on: app.db).count() == 2)
            #expect(try await Milestone.query(on: app.db).filter(\.$plan.$id == actionPlan.requireID()).count() == 3)

            // A finding is not answered by milestones.
            let notARecommendation = try await team.post("/review-findings/\(finding.id!)/milestones", ["target": "new", "title": "X", "deadline": "Jun-19", "leads": "Y"])
            #expect(notARecommendation.status == .unprocessableEntity)

            // The follow-up visit starts from where the recommendations stand.
            #expect(try await team.post("/reviews", ["kind": "follow_up_visit", "title": "Follow-up visit 2019", "plan_id": "\(planID)", "follows_review_id": "\(review)"]).status == .seeOther)
            let followUp = try #require(try await Review.query(on: app.db).filter(\.$title == "Follow-up visit 2019").first())
            let page = try await team.get("/reviews/\(followUp.id!)").body.string
            #expect(page.contains("Since the first visit: where its recommendations stand"))
            #expect(page.contains("<strong>Recommendation 2</strong>: Refresh the workforce strategy"))
            #expect(page.contains("Workforce strategy consulted on</a>, Apr-19"))
            #expect(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == followUp.requireID()).count() == 5)
        }
    }
}
