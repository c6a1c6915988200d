import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The performance team's publishing pages, over HTTP: who may use them, the preview, approving
/// commentary for the public (as written, in a public version, or from a page gone stale),
/// publishing and withdrawing; and direction of travel between published quarters.
@Suite struct PublishPagesTests {
    @Test(arguments: TestDatabase.allCases)
    func onlyThePerformanceTeamPublishes(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(app)
            guard case .saved(let publication) = try await PublicationService(db: app.db, actor: AuditLog.actor(officer)).publish(periodID: periodID, today: AsOf.today()) else {
                throw TestSetupError("not published")
            }
            let hers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "MARKER-LIVE").first())
            let writes: [(String, [String: String])] = [
                ("/periods/\(periodID)/publish", [:]),
                ("/periods/\(periodID)/public-commentary", ["milestone_id": "\(hers.id!)", "public-\(hers.id!)": "Refused words"]),
                ("/publications/\(publication.id!)/withdraw", ["reason": "Refused reason"]),
            ]
            for role in Role.councilRoles {
                var client = try WebClient(app)
                try await client.signIn(Self.email(role), TestAccounts.password)
                let allowed = role == .performanceOfficer
                for path in ["/periods/\(periodID)/publish", "/periods/\(periodID)/publish/areas/1"] {
                    let code = try await client.get(path).status.code
                    #expect(allowed ? code == 200 : code == 403, "\(role) \(path): \(code)")
                }
                guard !allowed else { continue }
                for (path, form) in writes {
                    let code = try await client.post(path, form).status.code
                    #expect(code == 403, "\(role) POST \(path): \(code)")
                }
            }
            // Nothing any of them sent was written.
            #expect(try await PublicCommentary.query(on: app.db).filter(\.$text == "Refused words").count() == 0)
            #expect(try await Publication.find(publication.id, on: app.db)?.withdrawnAt == nil)
            // Without the form's token, the performance officer is refused too.
            var officerClient = try WebClient(app)
            try await officerClient.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let forged = try await officerClient.post("/publications/\(publication.id!)/withdraw", ["reason": "Forged"], withCSRF: false)
            #expect(forged.status == .forbidden)
            #expect(try await Publication.find(publication.id, on: app.db)?.withdrawnAt == nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theOfficerPreviewsApprovesPublishesAndWithdraws(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, periodID, _) = try await PublicationTests.closedQuarter(app)
            let hers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "MARKER-LIVE").first())
            let id = try hers.requireID()
            var client = try WebClient(app)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let preview = try await client.get("/periods/\(periodID)/publish")
            #expect(preview.status == .ok && preview.body.string.contains("Not yet published") && preview.body.string.contains("/periods/\(periodID)/publish/areas/1"))
            #expect(!Self.previewPart(preview.body.string).isEmpty)
            for marker in PublicationTests.markers where marker != "MARKER-UNAPPROVED" {
                #expect(!Self.previewPart(preview.body.string).contains(marker), "the preview shows \(marker)")
            }
            // Each area's page is previewed as the public will see it, without the Board's words.
            var areas = ""
            for area in 1...5 { areas += try await client.get("/periods/\(periodID)/publish/areas/\(area)").body.string }
            #expect(areas.contains("No public update this quarter") && areas.contains("PUBLIC-OK") && !areas.contains("MARKER-UNAPPROVED"))
            #expect(try await client.get("/periods/\(periodID)/publish/areas/6").status == .notFound)

            // Hostile words are refused by field with the error summary, and nothing is kept.
            _ = try await client.get("/periods/\(periodID)/publish")
            for bad in [String(repeating: "x", count: 2_000_000), "Bell \u{07} here"] {
                let refused = try await client.post("/periods/\(periodID)/public-commentary", ["milestone_id": "\(id)", "drawn_from": "", "public-\(id)": bad])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("error-summary") && refused.body.string.contains("href=\"#public-\(id)\""))
            }
            #expect(try await PublicCommentary.query(on: app.db).filter(\.$milestone.$id == id).count() == 0)
            // CR LF is kept as LF; markup is words.
            _ = try await client.get("/periods/\(periodID)/publish")
            let saved = try await client.post("/periods/\(periodID)/public-commentary", ["milestone_id": "\(id)", "drawn_from": "", "public-\(id)": "One\r\nTwo <b>bold</b>"])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await PublicCommentary.query(on: app.db).filter(\.$milestone.$id == id).first())
            #expect(stored.text == "One\nTwo <b>bold</b>")
            // A page drawn before that save is stale: its save is refused with who got there first.
            let stale = try await client.post("/periods/\(periodID)/public-commentary", ["milestone_id": "\(id)", "drawn_from": "", "public-\(id)": "Overwrite"])
            #expect(stale.status == .conflict && stale.body.string.contains("before your change arrived"))
            #expect(try await PublicCommentary.find(stored.id, on: app.db)?.text == "One\nTwo <b>bold</b>")
            // "As written" takes the Board's words as frozen at the close.
            _ = try await client.get("/periods/\(periodID)/publish")
            let asWritten = try await client.post("/periods/\(periodID)/public-commentary",
                                                  ["milestone_id": "\(id)", "drawn_from": PublicCommentary.digest(stored.text), "public-\(id)": "", "as_written": "1"])
            #expect(asWritten.status == .seeOther)
            #expect(try await PublicCommentary.find(stored.id, on: app.db)?.text == "Board only: MARKER-UNAPPROVED")

            // Publishing sends the officer to the permanent address.
            _ = try await client.get("/periods/\(periodID)/publish")
            let published = try await client.post("/periods/\(periodID)/publish", [:])
            #expect(published.status == .seeOther)
            let publication = try #require(try await Publication.query(on: app.db).first())
            #expect(published.headers.first(name: .location) == "/public/publications/\(publication.id!)")
            _ = try await client.get("/periods/\(periodID)/publish")
            #expect(try await client.post("/periods/\(periodID)/publish", [:]).status == .unprocessableEntity)

            // Withdrawing needs a reason; a hostile one is refused; markup in a good one is words.
            _ = try await client.get("/periods/\(periodID)/publish")
            let blank = try await client.post("/publications/\(publication.id!)/withdraw", ["reason": " "])
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("error-summary"))
            for bad in [String(repeating: "y", count: 2_000_000), "Tab\u{0B}bed"] {
                #expect(try await client.post("/publications/\(publication.id!)/withdraw", ["reason": bad]).status == .unprocessableEntity)
            }
            #expect(try await Publication.find(publication.id, on: app.db)?.withdrawnAt == nil)
            #expect(try await client.post("/publications/\(publication.id!)/withdraw", ["reason": "A <i>figure</i> was wrong"]).status == .seeOther)
            let notice = try await WebClient(app).tester.sendRequest(.GET, "/public/publications/\(publication.id!)").body.string
            #expect(notice.contains("A &lt;i&gt;figure&lt;/i&gt; was wrong"))
            let feed = try await WebClient(app).tester.sendRequest(.GET, "/public/feed.atom").body.string
            #expect(AtomCheck(Data(feed.utf8)).ok && !feed.contains("<i>figure"))
        }
    }

    /// Ten saves of one milestone's public commentary from the same page, through two servers:
    /// one is kept, the other nine are told someone got there first, none fails.
    @Test(arguments: TestDatabase.allCases)
    func tenApprovalsFromOnePageKeepOne(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (_, periodID, _) = try await PublicationTests.closedQuarter(first)
            let hers = try #require(try await Milestone.query(on: first.db).filter(\.$title == "MARKER-LIVE").first())
            var client = try WebClient(first)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await client.get("/periods/\(periodID)/publish")
            let codes = try await raceForm("/periods/\(periodID)/public-commentary", ["milestone_id": "\(hers.id!)", "drawn_from": "", "public-\(hers.id!)": "Raced words"],
                                           as: client, servers: [first, second])
            #expect(codes.filter { $0 == 303 }.count == 1, "\(codes)")
            #expect(codes.allSatisfy { $0 == 303 || $0 == 409 || (database == .sqlite && $0 == 503) }, "\(codes)")
            #expect(try await PublicCommentary.query(on: first.db).filter(\.$milestone.$id == hers.id!).count() == 1)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "public_commentary.approved").filter(\.$entityID == hers.id!).count() == 1)

            let publishes = try await raceForm("/periods/\(periodID)/publish", [:], as: client, servers: [first, second])
            #expect(publishes.filter { $0 == 303 }.count == 1, "\(publishes)")
            #expect(publishes.allSatisfy { $0 < 500 || (database == .sqlite && $0 == 503) }, "\(publishes)")
            #expect(try await Publication.query(on: first.db).count() == 1)
        }
    }

    /// Direction of travel compares a quarter with the published quarter before it: never with
    /// a later quarter, nor with an earlier issue of itself. The preview says the same.
    @Test(arguments: TestDatabase.allCases)
    func directionOfTravelIsAgainstTheQuarterBefore(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, q3, officer) = try await PublicationTests.closedQuarter(app)
            let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
            guard case .saved(let third) = try await service.publish(periodID: q3, today: AsOf.today()) else { throw TestSetupError("Q3 not published") }
            #expect(third.decoded?.areas.allSatisfy { $0.direction == .new } == true)

            // In Q4 one open milestone of an area is completed, so that area's share completed rises.
            let periods = ReportingPeriodService(db: app.db, user: officer)
            let q4 = try await periods.opened(planID: planID, label: "Q4 2017-18")
            let open = try #require(try await PeriodReport.build(periodID: q3, today: AsOf.today(), on: app.db)?.lines.first { $0.status != .completed && $0.lifecycle == "active" })
            let milestone = try #require(try await Milestone.find(open.milestoneID, on: app.db))
            let done = try await MilestoneUpdateService(db: app.db, user: officer).save(milestoneID: open.milestoneID,
                input: .init(commentary: "Done", completed: "2018-03-01", version: milestone.version), today: CalendarDate(year: 2018, month: 3, day: 2)!)
            #expect(done.errors.isEmpty)
            try await periods.closed(periodID: q4.id!, today: CalendarDate(year: 2018, month: 4, day: 5)!)
            let (_, previewed) = try await service.preview(periodID: q4.id!, today: AsOf.today())
            let area = try #require(previewed.areas.firstIndex { $0.name == open.areaName })
            #expect(previewed.areas[area].direction == .improving)
            guard case .saved(let fourth) = try await service.publish(periodID: q4.id!, today: AsOf.today()) else { throw TestSetupError("Q4 not published") }
            #expect(fourth.decoded?.areas[area].direction == .improving)
            #expect(fourth.decoded?.areas.enumerated().allSatisfy { $0.offset == area || $0.element.direction == .noChange } == true)
            let page = try await app.testing().sendRequest(.GET, "/public/publications/\(fourth.id!)").body.string
            #expect(page.contains("<span aria-hidden=\"true\">↑</span> Improving"))

            // Q3 reopened, closed and published again compares with nothing before it, not with Q4.
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .admin).first())
            _ = try await ReportingPeriodService(db: app.db, user: admin).reopen(periodID: q3, reason: "Correct a figure")
            try await periods.closed(periodID: q3, today: CalendarDate(year: 2018, month: 4, day: 10)!)
            guard case .saved(let again) = try await service.publish(periodID: q3, today: AsOf.today()) else { throw TestSetupError("Q3 not republished") }
            #expect(again.decoded?.areas.allSatisfy { $0.direction == .new } == true)
        }
    }

    /// Public pages of a publication are the same for everyone, signed in or not, and set no cookie.
    @Test(arguments: TestDatabase.allCases)
    func publicationPagesAreTheSameForEveryRole(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, periodID, officer) = try await PublicationTests.closedQuarter(app)
            guard case .saved(let publication) = try await PublicationService(db: app.db, actor: AuditLog.actor(officer)).publish(periodID: periodID, today: AsOf.today()) else {
                throw TestSetupError("not published")
            }
            let n = publication.id!
            let paths = ["/public/plans/\(planID)", "/public/publications/\(n)", "/public/publications/\(n)/areas/1", "/public/publications/\(n)/milestones.csv",
                         "/public/publications/\(n)/publication.json", "/public/publications/\(n)/milestones.csv-metadata.json"]
            var anonymous = try WebClient(app)
            for path in paths {
                let seen = try await anonymous.get(path)
                #expect(seen.status == .ok && seen.headers[.setCookie].isEmpty, "\(path): \(seen.status)")
                for role in Role.councilRoles {
                    var client = try WebClient(app)
                    try await client.signIn(Self.email(role), TestAccounts.password)
                    let asRole = try await client.get(path)
                    #expect(asRole.status == .ok && asRole.body.string == seen.body.string && asRole.headers[.setCookie].isEmpty, "\(path) as \(role)")
                }
            }
        }
    }

    /// The fixture gives the lead officer a marked address, to prove it is never published.
    static func email(_ role: Role) -> String { role == .leadOfficer ? "lucy.marker@council.test" : TestAccounts.email(role) }

    /// The part of the publishing page that previews the public page.
    static func previewPart(_ page: String) -> String {
        guard let start = page.range(of: "<div class=\"preview\">") else { return "" }
        return String(page[start.lowerBound...])
    }
}
