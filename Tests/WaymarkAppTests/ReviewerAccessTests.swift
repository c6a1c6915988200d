import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// An external reviewer's account: given by the performance team, limited to one review and its
/// plan, read-only, and working only from its first to its last day.
@Suite struct ReviewerAccessTests {
    /// Noon on a day, in the zone Waymark counts days in.
    static func noon(_ day: CalendarDate) -> Date { AsOf.start(of: day).addingTimeInterval(12 * 3600) }

    struct Setting {
        var team: WebClient
        var planID: Int
        var review: Int
        var reviewer: (email: String, password: String)
        var clock: ManualClock
        var first: CalendarDate
        var last: CalendarDate
    }

    /// A review of the seed plan with one document, a closed Q2 and an open Q3, and a reviewer
    /// whose access runs 5 June to 6 July 2018, with the clock at noon on 10 June 2018.
    static func setUp(_ app: Application) async throws -> Setting {
        let first = CalendarDate(year: 2018, month: 6, day: 5)!, last = CalendarDate(year: 2018, month: 7, day: 6)!
        let clock = ManualClock(start: noon(CalendarDate(year: 2018, month: 6, day: 10)!))
        app.now = { clock.now }
        var (team, planID, review) = try await ReviewPagesTests.setUp(app)
        let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
        let periods = ReportingPeriodService(db: app.db, user: officer)
        let q2 = try await periods.opened(planID: planID, label: "Q2 2017-18")
        try await periods.closed(periodID: q2.id!, today: CalendarDate(year: 2017, month: 10, day: 2)!)
        _ = try await periods.opened(planID: planID, label: "Q3 2017-18")
        let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).first()).id!
        _ = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Strategic Plan", themeIDs: [theme], file: ("plan.pdf", Data(UploadSamples.pdf))))
        #expect(try await team.post("/reviews/\(review)/peers", ["name": "Ros Jones", "role": "Mayor", "organisation": "Doncaster MBC"]).status == .seeOther)
        let peer = try #require(try await PeerMember.query(on: app.db).first()).id!
        _ = try await team.get("/reviews/\(review)/reviewers")
        let given = try await team.post("/reviews/\(review)/reviewers", ["peer_id": "\(peer)", "email": "ros.jones@doncaster.example", "valid_from": first.iso, "valid_until": last.iso])
        #expect(given.status == .ok)
        let shown = given.body.string
        let password = try #require(shown.range(of: "<strong><code>").map { String(shown[$0.upperBound...].prefix(while: { $0 != "<" })) })
        #expect(try await PeerMember.find(peer, on: app.db)?.$user.id != nil)
        return Setting(team: team, planID: planID, review: review, reviewer: ("ros.jones@doncaster.example", password), clock: clock, first: first, last: last)
    }

    /// Signs in, choosing a new password as a one-time password requires.
    static func signIn(_ app: Application, _ setting: Setting, password: String? = nil) async throws -> (WebClient, TestingHTTPResponse) {
        var client = try WebClient(app)
        _ = try await client.get("/sign-in")
        let response = try await client.post("/sign-in", ["email": setting.reviewer.email, "password": password ?? setting.reviewer.password])
        if response.status == .seeOther, password == nil {
            _ = try await client.get("/account/password")
            let changed = try await client.post("/account/password", ["current_password": setting.reviewer.password, "new_password": "peer challenge june 2018",
                                                                       "confirm_password": "peer challenge june 2018"])
            #expect(changed.status == .seeOther, "\(changed.body.string.prefix(500))")
        }
        return (client, response)
    }

    @Test(arguments: TestDatabase.allCases)
    func aReviewerReadsTheirReviewAndPlanAndNothingElse(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let setting = try await Self.setUp(app)
            var (reviewer, signedIn) = try await Self.signIn(app, setting)
            #expect(signedIn.status == .seeOther)
            let (p, r) = (setting.planID, setting.review)
            let document = try #require(try await EvidenceDocument.query(on: app.db).first()).id!
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$plan.$id == p).first())
            let kpiFree = try #require(try await PlanReportingPeriod.query(on: app.db).filter(\.$state == .closed).first()).id!
            let open = try #require(try await PlanReportingPeriod.query(on: app.db).filter(\.$state == .open).first()).id!
            for path in ["/reviews/\(r)", "/reviews/\(r)/evidence", "/reviews/\(r)/schedule", "/evidence/\(document)", "/evidence/\(document)/versions/1",
                         "/plans/\(p)", "/plans/\(p)/milestones", "/plans/\(p)/kpis", "/milestones/\(milestone.id!)", "/activities/\(milestone.$activity.id)",
                         "/periods/\(kpiFree)/pack", "/periods/\(kpiFree)/pack.csv", "/account", "/api/v1/reviews/\(r)", "/api/v1/plans/\(p)/kpis"] {
                #expect(try await reviewer.get(path).status == .ok, "\(path)")
            }
            #expect(try await reviewer.get("/reviews").headers.first(name: .location) == "/reviews/\(r)")
            #expect(try await reviewer.get("/").headers.first(name: .location) == "/reviews/\(r)")
            // Outside the review: refused, or not found where the page exists for their review.
            let refused = ["/plans", "/admin/users", "/admin/audit", "/plans/\(p)/periods", "/periods/\(open)", "/periods/\(open)/narrative", "/directions",
                           "/boards", "/people", "/my-milestones", "/import", "/account/tokens", "/milestones/\(milestone.id!)/update", "/reviews/\(r)/reviewers",
                           "/reviews/\(r)/reads", "/api/v1/plans", "/plans/\(p)/governance", "/api/v1/reviews"]
            for path in refused { #expect(try await reviewer.get(path).status == .forbidden, "\(path)") }
            let other = try await importSeedPlan(app, into: "Another plan")
            let hidden = ["/api/v1/reviews/\(r + 1)", "/periods/\(open)/pack", "/periods/\(kpiFree)/pack?recorded_on=2017-10-01", "/plans/\(other.planID)", "/reviews/\(r + 1)", "/evidence/\(document + 1)"]
            for path in hidden { #expect(try await reviewer.get(path).status == .notFound, "\(path)") }
            // No writes, not even with a good form.
            #expect(try await reviewer.post("/reviews/\(r)/peers", ["name": "Me", "role": "Peer"]).status == .forbidden)
            #expect(try await reviewer.post("/milestones/\(milestone.id!)/comments", ["comment": "Hello"]).status == .forbidden)
            #expect(try await reviewer.post("/evidence/\(document)/withdraw", ["reason": "x", "version": "1"]).status == .forbidden)
            // The milestone shows its progress updates, never the audit trail.
            let page = try await reviewer.get("/milestones/\(milestone.id!)").body.string
            #expect(page.contains("<h2 id=\"history\">Progress updates</h2>"))
            #expect(!page.contains("Imported") && !page.contains("Add a comment"))

            // Every evidence read is logged, and the team sees who read what.
            var team = setting.team
            let reads = try await team.get("/reviews/\(r)/reads").body.string
            #expect(reads.contains("Ros Jones (ros.jones@doncaster.example)</td><td><a href=\"/evidence/\(document)\">Strategic Plan</a></td><td>Downloaded version 1</td>"))
            #expect(reads.contains("</td><td>Viewed</td>"))
            #expect(try await EvidenceRead.query(on: app.db).count() == 2)

            // A withdrawn document is gone for the reviewer at once.
            _ = try await team.get("/evidence/\(document)")
            #expect(try await team.post("/evidence/\(document)/withdraw", ["reason": "Wrong version", "version": "1"]).status == .seeOther)
            #expect(try await reviewer.get("/evidence/\(document)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAccessWindowIsInclusiveAndEndsAtOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var setting = try await Self.setUp(app)
            let newPassword = "peer challenge june 2018"
            // The day before the first day: the right password, and a clear refusal.
            setting.clock = setting.clock
            let clock = setting.clock
            clock.advance(by: setting.clock.now.distance(to: Self.noon(setting.first.adding(days: -1))))
            let early = try await Self.signIn(app, setting).1
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("Your reviewer access starts on 5 Jun 2018. Sign in again from that day."))
            // The first day works.
            clock.advance(by: 24 * 3600)
            var (reviewer, firstDay) = try await Self.signIn(app, setting)
            #expect(firstDay.status == .seeOther)
            #expect(try await reviewer.get("/reviews/\(setting.review)").status == .ok)
            // The last day works, up to its last minute; one minute later the same session is refused.
            clock.advance(by: clock.now.distance(to: AsOf.start(of: setting.last).addingTimeInterval(23 * 3600 + 50 * 60)))
            (reviewer, _) = try await Self.signIn(app, setting, password: newPassword)
            #expect(try await reviewer.get("/reviews/\(setting.review)").status == .ok)
            clock.advance(by: 11 * 60)
            let after = try await reviewer.get("/reviews/\(setting.review)")
            #expect(after.status == .forbidden)
            #expect(after.body.string.contains("Your reviewer access ended on 6 Jul 2018"))
            #expect(try await reviewer.get("/plans/\(setting.planID)").status != .ok)
            let late = try await Self.signIn(app, setting, password: newPassword).1
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("Your reviewer access ended on 6 Jul 2018. Ask the council&#39;s performance team if you need it again.")
                    || late.body.string.contains("Your reviewer access ended on 6 Jul 2018. Ask the council"))
            // Once retention has switched the account off, the right password still hears why;
            // a wrong one hears only that the details are not right.
            let retained = try await ReviewRetention(db: app.db).run(today: AsOf.today(clock.now), months: 12)
            #expect(retained.disabled == 1)
            let retired = try await Self.signIn(app, setting, password: newPassword).1
            #expect(retired.status == .unprocessableEntity)
            #expect(retired.body.string.contains("Your reviewer access ended on 6 Jul 2018"))
            let mistyped = try await Self.signIn(app, setting, password: "not the password").1
            #expect(mistyped.body.string.contains("The email address or password is not right"))
            #expect(!mistyped.body.string.contains("access ended"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func endingAccessStopsTheSessionAtOnce(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var setting = try await Self.setUp(app)
            var (reviewer, _) = try await Self.signIn(app, setting)
            #expect(try await reviewer.get("/reviews/\(setting.review)").status == .ok)
            let account = try #require(try await User.query(on: app.db).filter(\.$role == .reviewer).first()).id!
            #expect(try await setting.team.post("/reviews/\(setting.review)/reviewers/\(account)/end", [:]).status == .seeOther)
            #expect(try await reviewer.get("/reviews/\(setting.review)").status != .ok)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "reviewer.access_ended").count() == 1)
            // Reviewer accounts are made from a review only, and stay reviewers'.
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .admin).first())
            let made = try await AccountService(db: app.db, bcryptCost: 4).createUser(email: "x@example.com", displayName: "X", password: "a long password 2018", role: .reviewer, personID: nil, by: "test")
            #expect(made.errors.first?.field == "role")
            let changed = try await AccountService(db: app.db, bcryptCost: 4).update(userID: account, role: .viewer, personID: nil, by: AuditLog.actor(admin))
            #expect(changed.errors.first?.field == "role")
            #expect(try await User.find(account, on: app.db)?.role == .reviewer)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func givingAccessIsCheckedAndDefaultsToTheVisit(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, _, review) = try await ReviewPagesTests.setUp(app)
            _ = try await team.get("/reviews/\(review)/reviewers")
            let noVisit = try await team.post("/reviews/\(review)/reviewers", ["name": "Mary Ney", "email": "mary@lga.example"])
            #expect(noVisit.status == .unprocessableEntity)
            #expect(noVisit.body.string.contains("give the on-site visit its dates"))
            let badEmail = try await team.post("/reviews/\(review)/reviewers", ["name": "Mary Ney", "email": "mary", "valid_from": "2018-06-01", "valid_until": "2018-07-01"])
            #expect(badEmail.body.string.contains("<li><a href=\"#email\">Enter the reviewer"))
            let backwards = try await team.post("/reviews/\(review)/reviewers", ["name": "Mary Ney", "email": "mary@lga.example", "valid_from": "2018-07-01", "valid_until": "2018-06-01"])
            #expect(backwards.body.string.contains("<li><a href=\"#valid_until\">The access must end on or after the day it starts"))
            #expect(try await User.query(on: app.db).filter(\.$role == .reviewer).count() == 0)
            let visit = try #require(try await ReviewActivity.query(on: app.db).filter(\.$kind == .onSiteVisit).first())
            #expect(try await team.post("/review-activities/\(visit.id!)", ["kind": "on_site_visit", "deadline": "19-22 June 2018", "version": "1"]).status == .seeOther)
            #expect(try await team.post("/reviews/\(review)/reviewers", ["name": "Mary Ney", "email": "Mary@LGA.example"]).status == .ok)
            let made = try #require(try await User.query(on: app.db).filter(\.$role == .reviewer).first())
            #expect(made.email == "mary@lga.example" && made.validFrom == "2018-06-05" && made.validUntil == "2018-07-06" && made.mustChangePassword)
            let again = try await team.post("/reviews/\(review)/reviewers", ["name": "Mary Ney", "email": "mary@lga.example"])
            #expect(again.body.string.contains("There is already an account for mary@lga.example"))
        }
    }
}
