import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct WebAccessTests {
    enum Method { case get, post([String: String]) }

    /// Every route against every role: allowed, or refused with 403, decided on the server.
    @Test(arguments: TestDatabase.allCases)
    func roleMatrix(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let (hers, notHers) = try await seedMilestones(app)
            let h = try hers.requireID(), n = try notHers.requireID(), p = plan.planID
            let (q3, board, meeting, item, revision) = try await governanceFixtures(app, accounts: accounts, planID: p, milestoneID: h)
            let (review, theme, activity, document) = try await reviewFixtures(app, accounts: accounts, planID: p)
            let reviewerEmail = try await reviewerAccount(app, review: review)
            let (finding, session, interviewee, leaving, room) = try await reviewWorkFixtures(app, accounts: accounts, review: review)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let (register, stages) = try await RegisterTests.register(app, officer: officer, planID: p)
            let registerItem = try #require(try await RegisterService(db: app.db, user: officer).addItem(registerID: register, .init(
                reference: "CU-001", title: "Grant", receivedOn: "2017-03-01", stageID: stages[0].id, ownerID: nil, notes: "Confidential"), today: RegisterTests.today).savedValue)
            let preview = ["intent": "preview", "commentary": "On track", "version": "1"]
            let all = Set(Role.councilRoles)
            let routes: [(String, Method, Set<Role>)] = [
                ("/plans", .get, all),
                ("/plans/\(p)", .get, all),
                ("/plans/\(p)/milestones?status=overdue", .get, all),
                ("/milestones/\(h)", .get, all),
                ("/activities/\(hers.$activity.id)", .get, all),
                ("/my-milestones", .get, all),
                ("/account/tokens", .get, all),
                ("/api/v1/plans/\(p)/status", .get, all),
                ("/milestones/\(h)/update", .get, [.performanceOfficer, .leadOfficer]),
                ("/milestones/\(h)/update", .post(preview), [.performanceOfficer, .leadOfficer]),
                ("/milestones/\(n)/update", .get, [.performanceOfficer]),
                ("/milestones/\(n)/update", .post(preview), [.performanceOfficer]),
                ("/plans/\(p)/structure", .get, [.performanceOfficer]),
                ("/milestones/\(h)/edit", .get, [.performanceOfficer]),
                ("/milestones/\(h)/withdraw", .post(["reason": "", "version": "1"]), [.performanceOfficer]),
                ("/people", .get, [.performanceOfficer]),
                ("/milestones/\(h)/comments", .post(["comment": ""]), [.performanceOfficer, .boardMember]),
                ("/admin/users", .get, [.admin]),
                ("/admin/users", .post([:]), [.admin]),
                ("/admin/audit", .get, [.admin, .performanceOfficer]),
                ("/plans/\(p)/periods", .get, all),
                ("/plans/\(p)/governance", .get, all),
                ("/plans/\(p)/periods", .post(["period": "Q9 2017-18"]), [.performanceOfficer]),
                ("/periods/\(q3)", .get, all),
                ("/periods/\(q3)/pack", .get, all),
                ("/periods/\(q3)/pack.csv", .get, all),
                ("/periods/\(q3)/pack.xlsx", .get, all),
                ("/periods/\(q3)/narrative", .get, [.performanceOfficer]),
                ("/periods/\(q3)/rating", .post(["area_id": "\(hers.$activity.id)", "rating": "purple"]), [.performanceOfficer]),
                ("/periods/\(q3)/reopen", .get, [.admin]),
                ("/periods/\(q3)/close", .post([:]), [.performanceOfficer]),
                ("/boards", .get, all),
                ("/import", .get, [.performanceOfficer]),
                ("/directions", .get, all),
                ("/admin/outbox", .get, [.admin, .performanceOfficer]),
                ("/directions", .post([:]), [.performanceOfficer]),
                ("/admin/settings", .get, [.admin]),
                ("/admin/settings", .post(["green_minimum": "x"]), [.admin]),
                ("/plans/\(p)/settings", .get, [.admin, .performanceOfficer]),
                ("/plans/\(p)/settings", .post(["scheme": "nope"]), [.admin, .performanceOfficer]),
                ("/plans/\(p)/successor", .get, [.performanceOfficer]),
                ("/plans/\(p)/successor", .post(["title": "", "closing_on": "", "version": "0"]), [.performanceOfficer]),
                ("/milestones/\(h)/decision", .get, [.performanceOfficer]),
                ("/milestones/\(h)/decision", .post(["status": "nope", "version": "1"]), [.performanceOfficer]),
                ("/admin/schemes", .get, [.admin]),
                ("/admin/schemes/new", .get, [.admin]),
                ("/admin/schemes/new", .post(["name": ""]), [.admin]),
                ("/plans/\(p)/registers", .get, all),
                ("/plans/\(p)/registers", .post(["name": ""]), [.performanceOfficer]),
                ("/registers/\(register)", .get, all),
                ("/registers/\(register)/items", .post(["reference": ""]), [.performanceOfficer]),
                ("/register-items/\(registerItem)", .get, all),
                ("/register-items/\(registerItem)/move", .post(["moved_on": "x", "version": "1"]), [.performanceOfficer]),
                ("/register-items/\(registerItem)/notes", .post(["notes": "\u{7}", "version": "1"]), [.admin, .performanceOfficer]),
                ("/boards", .post([:]), [.performanceOfficer]),
                ("/boards/\(board)", .get, all),
                ("/boards/\(board)/meetings", .post([:]), [.performanceOfficer]),
                ("/meetings/\(meeting)", .get, all),
                ("/meetings/\(meeting)/items", .post([:]), [.performanceOfficer]),
                ("/agenda-items/\(item)/decision", .post([:]), [.performanceOfficer]),
                ("/revisions/\(revision)/decision", .post(["meeting_id": "\(meeting)"]), [.performanceOfficer]),
                ("/reviews", .get, all),
                ("/reviews/\(review)", .get, all),
                ("/reviews/\(review)/evidence", .get, all),
                ("/evidence/\(document)", .get, all),
                ("/evidence/\(document)/versions/1", .get, all),
                ("/reviews", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/themes", .post(["kind": "scope_question"]), [.performanceOfficer]),
                ("/review-themes/\(theme)", .get, [.performanceOfficer]),
                ("/review-themes/\(theme)", .post(["question": ""]), [.performanceOfficer]),
                ("/reviews/\(review)/activities", .post([:]), [.performanceOfficer]),
                ("/review-activities/\(activity)", .get, [.performanceOfficer]),
                ("/review-activities/\(activity)", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/peers", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/position-statement", .post(["position_statement_sent_on": "x"]), [.performanceOfficer]),
                ("/evidence/\(document)/withdraw", .post(["reason": ""]), [.performanceOfficer]),
                ("/evidence/\(document)/purge", .post(["purge_reason": ""]), [.admin]),
                ("/reviews/\(review)/schedule", .get, all),
                ("/reviews/\(review)/schedule/2018-06-19", .get, all),
                ("/reviews/\(review)/interviewees", .get, all),
                ("/reviews/\(review)/rooms", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/interviewees", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/sessions", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/paper", .get, all),
                ("/reviews/\(review)/paper.csv", .get, all),
                ("/reviews/\(review)/findings", .post([:]), [.performanceOfficer]),
                ("/reviews/\(review)/reviewers", .get, [.performanceOfficer]),
                ("/reviews/\(review)/reads", .get, [.performanceOfficer]),
                ("/review-findings/\(finding)", .get, [.performanceOfficer]),
                ("/review-findings/\(finding)", .post(["finding_text": "", "stage": "final", "version": "1"]), [.performanceOfficer]),
                ("/review-findings/\(finding)/milestones", .post(["target": ""]), [.performanceOfficer]),
                ("/reviews/\(review)/paper.pdf", .get, all),
                ("/reviews/\(review)/paper.xlsx", .get, all),
                ("/reviews/\(review)/schedule/2018-06-19/agenda.pdf", .get, all),
                ("/reviews/\(review)/rooms/\(room)/agenda", .get, all),
                ("/reviews/\(review)/rooms/\(room)/agenda.pdf", .get, all),
                ("/evidence/\(document)/notes", .post(["note": ""]), []),
                ("/reviews/\(review)/close", .post(["closed_on": "x", "version": "1"]), [.performanceOfficer]),
                ("/reviews/\(review)/reviewers", .post(["email": ""]), [.performanceOfficer]),
                ("/reviews/\(review)/reviewers/\(leaving)/end", .post([:]), [.performanceOfficer]),
                ("/review-sessions/\(session)/cancel", .post([:]), [.performanceOfficer]),
                ("/review-interviewees/\(interviewee)/briefed", .post(["briefed_on-\(interviewee)": "x"]), [.performanceOfficer]),
                ("/reviews/\(review)/evidence", .post(["title": ""]), [.performanceOfficer]),
                ("/evidence/\(document)/versions", .post([:]), [.performanceOfficer]),
                ("/api/v1/reviews", .get, all),
                ("/api/v1/reviews/\(review)", .get, all),
            ]
            // Without Chromium here a PDF answers 503: the page was let through, and only the printer is missing.
            func opened(_ code: UInt, _ path: String) -> Bool { code < 400 || code == 422 || (path.hasSuffix(".pdf") && code == 503) }
            for role in Role.councilRoles {
                var client = try WebClient(app)
                try await client.signIn(TestAccounts.email(role), TestAccounts.password)
                for (path, method, allowed) in routes {
                    let response: TestingHTTPResponse
                    switch method {
                    case .get: response = try await client.get(path)
                    case .post(let form): response = try await client.post(path, form)
                    }
                    let code = response.status.code
                    if allowed.contains(role) {
                        #expect(opened(code, path), "\(role) should be allowed \(path): got \(code)")
                    } else {
                        #expect(code == 403, "\(role) should be refused \(path): got \(code)")
                    }
                }
            }
            // The reviewer column: their review and its plan's read-only pages, and nothing else.
            let reviewerOpens: Set<String> = ["/reviews", "/reviews/\(review)", "/reviews/\(review)/evidence", "/evidence/\(document)", "/evidence/\(document)/versions/1",
                                              "/reviews/\(review)/schedule", "/reviews/\(review)/schedule/2018-06-19", "/reviews/\(review)/interviewees", "/reviews/\(review)/paper",
                                              "/plans/\(p)", "/plans/\(p)/milestones?status=overdue", "/milestones/\(h)", "/activities/\(hers.$activity.id)",
                                              "/api/v1/plans/\(p)/status", "/reviews/\(review)/schedule/2018-06-19/agenda.pdf", "/api/v1/reviews/\(review)",
                                              "/reviews/\(review)/rooms/\(room)/agenda", "/reviews/\(review)/rooms/\(room)/agenda.pdf"]
            // The one thing a reviewer writes: their own notes on their review's evidence.
            let reviewerWrites: Set<String> = ["/evidence/\(document)/notes"]
            var reviewer = try WebClient(app)
            try await reviewer.signIn(reviewerEmail, TestAccounts.password)
            for (path, method, _) in routes {
                let response: TestingHTTPResponse
                switch method {
                case .get: response = try await reviewer.get(path)
                case .post(let form): response = try await reviewer.post(path, form)
                }
                let code = response.status.code
                if case .get = method, reviewerOpens.contains(path) {
                    #expect(code < 400 || (path.hasSuffix(".pdf") && code == 503), "a reviewer should be allowed \(path): got \(code)")
                } else if case .post = method, reviewerWrites.contains(path) {
                    #expect(code == 422, "a reviewer should be allowed \(path), and told the note is empty: got \(code)")
                } else {
                    #expect(code == 403 || code == 404, "a reviewer should be refused \(path): got \(code)")
                }
            }
            #expect(reviewerOpens.union(reviewerWrites).allSatisfy { path in routes.contains { $0.0 == path } })

            // Signed out: pages send you to sign in, the API answers 401.
            var anonymous = try WebClient(app)
            // The public pages are the same for everyone, signed in or out, and set no cookie.
            for path in ["/public", "/public/accessibility", "/public/feed.atom", "/public/data.json"] {
                let response = try await anonymous.get(path)
                #expect(response.status == .ok && response.headers[.setCookie].isEmpty, "\(path) signed out: \(response.status)")
                for role in Role.councilRoles {
                    var client = try WebClient(app)
                    try await client.signIn(TestAccounts.email(role), TestAccounts.password)
                    let seen = try await client.get(path)
                    #expect(seen.status == .ok && seen.body.string == response.body.string && seen.headers[.setCookie].isEmpty, "\(path) as \(role)")
                }
                let asReviewer = try await reviewer.get(path)
                #expect(asReviewer.status == .ok && asReviewer.body.string == response.body.string, "\(path) as a reviewer")
            }
            for (path, method, _) in routes where !path.hasPrefix("/api") {
                guard case .get = method else { continue }
                let response = try await anonymous.get(path)
                #expect(response.status == .seeOther, "\(path) signed out: \(response.status)")
                #expect(response.headers.first(name: .location)?.hasPrefix("/sign-in?return_to=") == true)
            }
            #expect(try await anonymous.get("/api/v1/plans").status == .unauthorized)
        }
    }

    /// A reviewer of `review` whose access covers today, signing in with the test password.
    private func reviewerAccount(_ app: Application, review: Int) async throws -> String {
        let today = AsOf.today()
        guard case .saved(let made) = try await ReviewerAccountService(db: app.db, actor: "test", bcryptCost: 4).giveAccess(
            reviewID: review, .init(email: "peer@lga.example", name: "Peer", validFrom: today.adding(days: -1).iso, validUntil: today.adding(days: 1).iso)) else {
            throw TestSetupError("reviewer not made")
        }
        made.user.passwordHash = try await AccountService.hash(TestAccounts.password, cost: 4)
        made.user.mustChangePassword = false
        try await made.user.save(on: app.db)
        return made.user.email
    }

    /// A peer challenge with its standard themes and timeline, and one evidence document.
    private func reviewFixtures(_ app: Application, accounts: TestAccounts, planID: Int) async throws -> (Int, Int, Int, Int) {
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        guard case .saved(let review) = try await ReviewService(db: app.db, user: officer).create(.init(planID: planID, kind: "lga_corporate_peer_challenge", title: "Peer challenge")) else {
            throw TestSetupError("review not created")
        }
        let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review.requireID()).first()).id!
        let activity = try #require(try await ReviewActivity.query(on: app.db).filter(\.$review.$id == review.requireID()).first()).id!
        guard case .saved(let document) = try await EvidenceService(db: app.db, user: officer).add(reviewID: review.requireID(), .init(title: "Plan", themeIDs: [theme], file: ("plan.pdf", Data(UploadSamples.pdf)))) else {
            throw TestSetupError("evidence not added")
        }
        return (try review.requireID(), theme, activity, try document.requireID())
    }

    /// A recommendation, a room with a session booked and an interviewee, and a second reviewer whose
    /// access the performance officer's row ends (not the reviewer the matrix signs in as).
    private func reviewWorkFixtures(_ app: Application, accounts: TestAccounts, review: Int) async throws -> (Int, Int, Int, Int, Int) {
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        let schedule = ScheduleService(db: app.db, user: officer)
        guard case .saved(let finding) = try await FindingService(db: app.db, user: officer).add(reviewID: review, .init(kind: "recommendation", text: "Publish one plan")),
              case .saved(let room) = try await schedule.addRoom(reviewID: review, name: "MP602", purpose: "interview"),
              case .saved(let person) = try await schedule.addInterviewee(reviewID: review, name: "Will Tuckley", role: "Chief Executive", briefedOn: ""),
              case .saved(let session) = try await schedule.addSession(reviewID: review, .init(day: "2018-06-19", starts: "09:30", ends: "10:30", title: "Leadership",
                                                                                                 roomID: room.id, intervieweeIDs: [person.id!])),
              case .saved(let leaving) = try await ReviewerAccountService(db: app.db, actor: "test", bcryptCost: 4).giveAccess(
                  reviewID: review, .init(email: "leaving@lga.example", name: "Leaving", validFrom: AsOf.today().iso, validUntil: AsOf.today().adding(days: 1).iso)) else {
            throw TestSetupError("review work not set up")
        }
        return (finding.id!, session.id!, person.id!, leaving.user.id!, room.id!)
    }

    /// An open Q3, a board with a meeting and an agenda item, and a pending revised deadline.
    private func governanceFixtures(_ app: Application, accounts: TestAccounts, planID: Int, milestoneID: Int) async throws -> (Int, Int, Int, Int, Int) {
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        let q3 = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: planID, label: "Q3 2017-18")
        let governance = GovernanceService(db: app.db, user: officer)
        guard case .saved(let board) = try await governance.createBoard(.init(name: "Cabinet", kind: "cabinet")),
              case .saved(let meeting) = try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-19")) else {
            throw TestSetupError("board or meeting not saved")
        }
        _ = try await governance.addItem(meetingID: meeting.id!, .init(title: "Q3 update", ask: "note", planID: planID, periodID: q3.id)).errors
        let item = try #require(try await AgendaItem.query(on: app.db).first())
        _ = try await MilestoneUpdateService(db: app.db, user: officer).save(
            milestoneID: milestoneID, input: .init(commentary: "Slipping", proposedDeadline: "Mar-18", proposedReason: "Trainer", version: 1), today: AsOf.today())
        let revision = try #require(try await DeadlineRevision.query(on: app.db).first())
        return (q3.id!, board.id!, meeting.id!, item.id!, revision.id!)
    }

    @Test func formsNeedTheSessionsCSRFToken() async throws {
        try await withApp(.sqlite) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            let (hers, _) = try await seedMilestones(app)
            var client = try WebClient(app)
            _ = try await client.get("/sign-in")
            #expect(try await client.post("/sign-in", ["email": TestAccounts.email(.leadOfficer), "password": TestAccounts.password], withCSRF: false).status == .forbidden)
            try await client.signIn(TestAccounts.email(.leadOfficer), TestAccounts.password)
            let form = ["commentary": "Done", "completed": "2017-05-20", "version": "1", "intent": "save"]
            #expect(try await client.post("/milestones/\(hers.id!)/update", form, withCSRF: false).status == .forbidden)
            #expect(try await client.post("/milestones/\(hers.id!)/update", form.merging(["csrf_token": "forged"]) { a, _ in a }).status == .forbidden)
            #expect(try await Milestone.find(hers.id, on: app.db)?.completedDate == nil)
            #expect(try await client.post("/milestones/\(hers.id!)/update", form).status == .seeOther)
            #expect(try await Milestone.find(hers.id, on: app.db)?.completedDate == "2017-05-20")
        }
    }

    @Test func sessionsAreKeptInTheDatabaseWithSafeCookies() async throws {
        try await withApp(.sqlite) { app in
            _ = try await TestAccounts.make(app)
            var client = try WebClient(app)
            _ = try await client.get("/sign-in")
            let response = try await client.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password])
            let cookie = try #require(response.headers.first(name: .setCookie))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=lax"))
            #expect(try await app.count("_fluent_sessions") >= 1)
            // Signing out ends the session: the next page asks to sign in again.
            _ = try await client.get("/plans")
            #expect(try await client.post("/sign-out", [:]).status == .seeOther)
            #expect(try await client.get("/plans").status == .seeOther)
        }
    }

    @Test func repeatedFailedSignInsAreHeldBack() async throws {
        try await withApp(.sqlite) { app in
            _ = try await TestAccounts.make(app)
            var client = try WebClient(app)
            _ = try await client.get("/sign-in")
            for _ in 0..<AccountService.maxFailures {
                let wrong = try await client.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": "guess"])
                #expect(wrong.status == .unprocessableEntity)
                #expect(wrong.body.string.contains("The email address or password is not right"))
            }
            let held = try await client.post("/sign-in", ["email": TestAccounts.email(.viewer), "password": TestAccounts.password])
            #expect(held.status == .unprocessableEntity)
            #expect(held.body.string.contains("too many failed attempts"))
            // Another account is unaffected.
            let other = try await client.post("/sign-in", ["email": TestAccounts.email(.admin), "password": TestAccounts.password])
            #expect(other.status == .seeOther)
        }
    }
}
