import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The peer challenge of the Board paper of June 2018 (seed 003), entered through the pages.
@Suite struct ReviewPagesTests {
    /// The paper's timeline (section 3.5), as the performance team would type it.
    static let paperTimeline: [(kind: String, deadline: String, leads: String)] = [
        ("on_site_visit", "19-22 June 2018", "Will Tuckley/Sharon Godman"),
        ("draft_report", "Mid July 2018", "LGA/Will Tuckley/Sharon Godman"),
        ("final_sign_off", "End of July 2018", "CLT"),
        ("submission", "1 August 2018", "Will Tuckley/Mayor"),
        ("action_plan", "Aug-Sept 2018", ""),
        ("follow_up_visit", "Jan 2019", ""),
    ]

    static func setUp(_ app: Application) async throws -> (team: WebClient, planID: Int, reviewID: Int) {
        let plan = try await importSeedPlan(app)
        _ = try await TestAccounts.make(app)
        var team = try WebClient(app)
        try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
        _ = try await team.get("/reviews")
        let created = try await team.post("/reviews", ["kind": "lga_corporate_peer_challenge", "title": "LGA Corporate Peer Challenge 2018", "plan_id": "\(plan.planID)",
                                                      "introduction": "An independent review of achievement against the Best Value Improvement Plan."])
        #expect(created.status == .seeOther)
        let review = try #require(try await Review.query(on: app.db).first()).id!
        return (team, plan.planID, review)
    }

    @Test(arguments: TestDatabase.allCases)
    func thePapersReviewIsEnteredAndItsTimelineJudged(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, _, review) = try await Self.setUp(app)
            let themes = try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).all()
            #expect(themes.map(\.title) == LGAStandardThemes.all.map(\.title))
            let activities = try await ReviewActivity.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).all()
            #expect(activities.map(\.kind.rawValue) == Self.paperTimeline.map(\.kind))
            #expect(activities.allSatisfy { $0.deadlineText == "TBC" })

            for (activity, row) in zip(activities, Self.paperTimeline) {
                _ = try await team.get("/review-activities/\(activity.id!)")
                let done = row.kind == "on_site_visit" ? "2018-06-22" : row.kind == "draft_report" ? "2018-07-18" : ""
                let saved = try await team.post("/review-activities/\(activity.id!)", ["kind": row.kind, "title": "", "deadline": row.deadline, "leads": row.leads,
                                                                                       "completed_on": done, "version": "1"])
                #expect(saved.status == .seeOther, "\(row.deadline)")
            }
            for question in ["To explore how LBTH adequately addressed the directions issued by MHCLG and the expectations of the departed Commissioners.",
                             "Is LBTH adequately addressing its chosen priorities and are these delivering continued improvement to local residents and businesses?",
                             "Is the authority identifying key challenges and setting realistic yet ambitious targets for the future?"] {
                #expect(try await team.post("/reviews/\(review)/themes", ["kind": "scope_question", "question": question]).status == .seeOther)
            }
            for (name, role, organisation) in [("Mary Ney", "LGA Associate & Non-Executive Director", "MHCLG"), ("Ros Jones", "Mayor", "Doncaster MBC"),
                                               ("Marcus Coulson", "Programme manager", "Local Government Association")] {
                #expect(try await team.post("/reviews/\(review)/peers", ["name": name, "role": role, "organisation": organisation]).status == .seeOther)
            }

            let page = try await team.get("/reviews/\(review)").body.string
            // Today is years after the paper: what was done is Completed, and the rest Overdue.
            #expect(page.contains("<td>On-site visit <a href=\"/review-activities/\(activities[0].id!)\">Change<span class=\"visually-hidden\"> On-site visit</span></a></td><td>19-22 June 2018</td><td>Will Tuckley/Sharon Godman</td><td><strong class=\"tag tag--completed\">Completed</strong> <span class=\"hint\">Completed on 22 Jun 2018, by the deadline of 22 Jun 2018</span>"))
            #expect(page.contains("<strong class=\"tag tag--completed\">Completed</strong> <span class=\"hint\">Completed on 18 Jul 2018, by the deadline of 20 Jul 2018</span>"))
            #expect(page.contains("<td>End of July 2018</td><td>CLT</td><td><strong class=\"tag tag--overdue\">Overdue</strong>"))
            #expect(page.contains("<td>Aug-Sept 2018</td><td>-</td><td><strong class=\"tag tag--overdue\">Overdue</strong> <span class=\"hint\">Overdue: due 30 Sep 2018"))
            // The position statement: due a month before the visit, and not recorded as sent.
            #expect(page.contains("<p>Due 19 May 2018, a month before the on-site visit: <strong class=\"tag tag--overdue\">Overdue</strong></p>"))
            #expect(page.contains("<strong>Position statement:</strong> The position statement is overdue"))
            #expect(page.contains("<ol class=\"list list--number\"><li>To explore how LBTH adequately addressed"))
            #expect(page.contains("<tr><td>Ros Jones</td><td>Mayor</td><td>Doncaster MBC</td></tr>"))

            let review1 = try #require(try await Review.find(review, on: app.db))
            #expect(try await team.post("/reviews/\(review)/position-statement", ["position_statement_sent_on": "2018-05-18", "version": "\(review1.version)"]).status == .seeOther)
            let sent = try await team.get("/reviews/\(review)").body.string
            #expect(sent.contains("<strong class=\"tag tag--completed\">Submitted</strong> (sent 18 May 2018)"))
            #expect(!sent.contains("<strong>Position statement:</strong>"))

            // Every change is in the audit trail.
            let actions = Set(try await AuditEvent.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["review.created", "review_activity.changed", "scope_question.added", "peer.added", "review.position_statement"]))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func themesHaveLeadsAndAreasAndRefuseWhatIsNotTheirs(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, review) = try await Self.setUp(app)
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).first())
            let areas = try await Area.query(on: app.db).filter(\.$plan.$id == planID).sort(\.$position).all()
            let lead = try #require(try await Person.query(on: app.db).sort(\.$name).first())
            _ = try await team.get("/review-themes/\(theme.id!)")
            let saved = try await team.post("/review-themes/\(theme.id!)", ["title": theme.title, "question": theme.question, "lead_person_id": "\(lead.id!)",
                                                                           "area-\(areas[0].id!)": "yes", "area-\(areas[2].id!)": "yes", "version": "1"])
            #expect(saved.status == .seeOther)
            let page = try await team.get("/reviews/\(review)").body.string
            #expect(page.contains("<td>\(lead.name)</td><td>\([areas[0].name, areas[2].name].sorted().joined(separator: ", "))</td>"))

            // A second save with the same version is overtaken, and says by whom.
            let stale = try await team.post("/review-themes/\(theme.id!)", ["title": "Changed", "question": theme.question, "version": "1"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("changed this at"))
            #expect(try await ReviewTheme.find(theme.id, on: app.db)?.title == theme.title)

            // An area of another plan is refused.
            let other = try await importSeedPlan(app, into: "Another plan")
            let foreign = try #require(try await Area.query(on: app.db).filter(\.$plan.$id == other.planID).first())
            let refused = try await team.post("/review-themes/\(theme.id!)", ["title": theme.title, "question": theme.question, "area-\(foreign.id!)": "yes", "version": "2"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<a href=\"#area_ids\">Select areas of the review&#39;s plan</a>") || refused.body.string.contains("<a href=\"#area_ids\">Select areas of the review"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badInputIsRefusedSayingWhereAndNothingIsWritten(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, _, review) = try await Self.setUp(app)
            let before = try await AuditEvent.query(on: app.db).count()
            let bad: [([String: String], String, String)] = [
                (["kind": "draft_report", "deadline": "Smarch 2018"], "deadline", "Waymark cannot read the deadline &quot;Smarch 2018&quot;"),
                (["kind": "draft_report", "deadline": ""], "deadline", "Enter when, as the paper writes it"),
                (["kind": "", "deadline": "May-18"], "kind", "Select what kind of activity this is"),
                (["kind": "other", "deadline": "May-18", "title": "Line one\r\nBcc: x"], "title", "Activity must be on one line"),
                (["kind": "other", "deadline": "May-18", "title": "Null \u{0}byte"], "title", "Activity must be on one line"),
                (["kind": "other", "deadline": "May-18", "title": String(repeating: "a", count: 2 * 1024 * 1024)], "title", "Activity must be 500 characters or fewer"),
                (["kind": "other", "deadline": "May-18", "completed_on": "2018-02-30"], "completed_on", "The date it was done must be a real date"),
            ]
            for (form, field, says) in bad {
                let response = try await team.post("/reviews/\(review)/activities", form)
                #expect(response.status == .unprocessableEntity, "\(form.keys.sorted())")
                #expect(response.body.string.contains("<li><a href=\"#\(field)\">\(says)"), "\(says)")
            }
            let peer = try await team.post("/reviews/\(review)/peers", ["name": "", "role": "Leader"])
            #expect(peer.body.string.contains("<li><a href=\"#name\">Enter the peer&#39;s name</a></li>") || peer.body.string.contains("<li><a href=\"#name\">Enter the peer"))
            #expect(try await AuditEvent.query(on: app.db).count() == before)
            #expect(try await ReviewActivity.query(on: app.db).count() == 6)

            // Markup is kept as text and shown escaped.
            #expect(try await team.post("/reviews/\(review)/activities", ["kind": "other", "deadline": "TBC", "title": "<script>alert(1)</script>"]).status == .seeOther)
            let page = try await team.get("/reviews/\(review)").body.string
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("<script>alert(1)"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func onlyThePerformanceTeamSetsUpReviews(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, _, review) = try await Self.setUp(app)
            let activity = try #require(try await ReviewActivity.query(on: app.db).first()).id!
            for role in [Role.admin, .leadOfficer, .boardMember, .viewer] {
                var client = try WebClient(app)
                try await client.signIn(TestAccounts.email(role), TestAccounts.password)
                #expect(try await client.get("/reviews/\(review)").status == .ok, "\(role)")
                #expect(try await client.get("/reviews/\(review)/evidence").status == .ok, "\(role)")
                #expect(try await client.post("/reviews", ["kind": "other_independent_review", "title": "Mine"]).status == .forbidden, "\(role)")
                #expect(try await client.post("/reviews/\(review)/activities", ["kind": "other", "deadline": "TBC"]).status == .forbidden, "\(role)")
                #expect(try await client.get("/review-activities/\(activity)").status == .forbidden, "\(role)")
                #expect(try await client.post("/reviews/\(review)/peers", ["name": "X", "role": "Y"]).status == .forbidden, "\(role)")
            }
            #expect(try await Review.query(on: app.db).count() == 1)
        }
    }
}
