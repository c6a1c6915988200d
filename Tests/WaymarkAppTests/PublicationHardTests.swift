import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct PublicationHardTests {
    @Test(arguments: TestDatabase.allCases)
    func tenPublishesAndTenWithdrawalsAtOnceMakeOneEach(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(first)
            let results = await allAtOnce(10) { index in
                try await PublicationService(db: (index.isMultiple(of: 2) ? first : second).db, actor: AuditLog.actor(officer)).publish(periodID: periodID, today: AsOf.today())
            }
            let saved = results.compactMap { if case .success(.saved(let p)) = $0 { p } else { nil } }
            let told = results.filter { if case .success(.invalid(let errors)) = $0 { errors.first?.message.contains("already publication") == true } else { false } }.count
            let refused = results.compactMap(\.thrown).filter { ($0 as? WriteRefusal)?.kind == .duplicate }.count
            let faults = results.compactMap(\.thrown).filter { ($0 as? WriteRefusal)?.kind != .duplicate && !($0 is DatabaseBusy) }
            #expect(faults.isEmpty, "\(faults)")
            #expect(saved.count == 1 && saved.count + told + refused >= (database == .postgres ? 10 : 8), "\(results)")
            #expect(try await Publication.query(on: first.db).count() == 1)
            let number = try #require(saved.first?.id)

            let withdrawals = await allAtOnce(10) { index in
                try await PublicationService(db: (index.isMultiple(of: 2) ? first : second).db, actor: "test \(index)").withdraw(publicationID: number, reason: "Reason \(index)")
            }
            #expect(withdrawals.filter { if case .success(.saved) = $0 { true } else { false } }.count == 1)
            #expect(withdrawals.compactMap(\.thrown).allSatisfy { ($0 as? WriteRefusal)?.kind == .withdrawn || $0 is DatabaseBusy }, "\(withdrawals)")
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "publication.withdrawn").count() == 1)
            #expect(try await AuditChain.verify(on: first.db as! any SQLDatabase).isWhole)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func publicCommentaryIsCheckedAndShownAsText(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(app)
            let hers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Set up the new intranet").first())
            let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
            let huge = try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: String(repeating: "x", count: 2_000_000))
            #expect(huge.errors.first?.message == "Public commentary must be 10,000 characters or fewer (it has 2,000,000)")
            let control = try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "Bell \u{07} here")
            #expect(control.errors.first?.field == "public-\(hers.id!)")
            #expect(try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "Line one\nLine two <script>alert(1)</script>").errors.isEmpty)
            guard case .saved(let publication) = try await service.publish(periodID: periodID, today: AsOf.today()) else { throw TestSetupError("not published") }
            let tester = try app.testing()
            var shown = ""
            for area in 1...5 { shown += try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/\(area)").body.string }
            #expect(shown.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !shown.contains("<script>alert(1)"))
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/6").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/1?page=2").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/publications/999").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/plans/999").status == .notFound)
            // Clearing the approval is audited, and only the next publication says so.
            #expect(try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "").errors.isEmpty)
            #expect(try await PublicCommentary.query(on: app.db).filter(\.$milestone.$id == hers.id!).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "public_commentary.cleared").count() == 1)
        }
    }

    /// An area of 250 milestones reads 100 a page, with GOV.UK pagination naming the page shown.
    @Test(arguments: TestDatabase.allCases)
    func largeAreasArePagedAHundredAtATime(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let period = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: plan.planID, label: "Q3 2017-18")
            let milestones = (1...250).map { n in
                PublicationContent.Milestone(ref: "1.\(n)", activity: "1. Big activity", title: "Milestone number \(n) of many", leads: ["Lucy Marsh"], deadline: "Mar-18",
                                             dueDate: "2018-03-31", revisedDeadline: nil, status: "on_target", statusLabel: "On target", commentary: nil)
            }
            let content = PublicationContent(council: "Test council", planTitle: "Big plan", period: "Q3 2017-18", months: "October to December 2017", asOf: "2018-01-05",
                                             summary: "Big.", areas: [.init(name: "Everything", rating: nil, counts: ["on_target": 250], total: 250, percentComplete: 0,
                                                                            background: "", achievements: "", continuing: "", milestones: milestones)], decisions: [])
            let publication = Publication()
            (publication.$plan.id, publication.$period.id, publication.closing) = (plan.planID, try period.requireID(), 1)
            (publication.publishedAt, publication.publishedBy, publication.etag) = (Date(), "test", "big")
            publication.content = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
            try await publication.create(on: app.db)
            let tester = try app.testing()
            let base = "/public/publications/\(publication.id!)/areas/1"
            func rows(_ body: String) -> [String] {
                body.components(separatedBy: "Milestone number ").dropFirst().map { String($0.prefix { $0 != " " }) }
            }
            let first = try await tester.sendRequest(.GET, base).body.string
            #expect(rows(first) == (1...100).map(String.init))
            #expect(first.contains("<a href=\"?page=1\" aria-current=\"page\">1</a>") && first.contains("<a href=\"?page=3\">3</a>") && first.contains("(page 1 of 3)"))
            let third = try await tester.sendRequest(.GET, base + "?page=3").body.string
            #expect(rows(third) == (201...250).map(String.init) && third.contains("<a href=\"?page=3\" aria-current=\"page\">3</a>"))
            #expect(try await tester.sendRequest(.GET, base + "?page=4").status == .notFound)
            #expect(try await tester.sendRequest(.GET, base + "?page=2").body.string.contains("Milestone number 101 "))
        }
    }

    /// Markup and spreadsheet formulas in titles and narratives reach every public output as
    /// words: escaped in the pages and the feed, defused in the CSV, exact in the JSON.
    @Test(arguments: TestDatabase.allCases)
    func hostileWordsArePublishedAsWords(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, periodID, officer) = try await PublicationTests.closedQuarter(app)
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .admin).first())
            _ = try await ReportingPeriodService(db: app.db, user: admin).reopen(periodID: periodID, reason: "Add the narrative")
            let milestone = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Set up the new intranet").first())
            let hostileTitle = "=HYPERLINK(\"http://evil.test\") Fix <b>the</b> \"roof\" & more"
            milestone.title = hostileTitle
            try await milestone.save(on: app.db)
            let plan = try #require(try await Plan.find(planID, on: app.db))
            plan.title = "Plan <i>x</i> & co"
            try await plan.save(on: app.db)
            let report = try #require(try await PeriodReport.build(periodID: periodID, today: AsOf.today(), on: app.db))
            let areaID = try #require(report.lines.first { $0.milestoneID == milestone.id }?.areaID)
            let narrative = PeriodReportService.Narrative(background: "<img src=x onerror=alert(1)>", achievements: "A & B", continuing: "")
            #expect(try await PeriodReportService(db: app.db, user: officer).saveNarrative(periodID: periodID, areaID: areaID, narrative, author: "test").errors.isEmpty)
            try await ReportingPeriodService(db: app.db, user: officer).closed(periodID: periodID, today: CalendarDate(year: 2018, month: 1, day: 9)!)
            guard case .saved(let publication) = try await PublicationService(db: app.db, actor: "test").publish(periodID: periodID, today: AsOf.today()) else {
                throw TestSetupError("not published")
            }
            let n = publication.id!
            let tester = try app.testing()
            var pages = try await tester.sendRequest(.GET, "/public/publications/\(n)").body.string
            for area in 1...5 { pages += try await tester.sendRequest(.GET, "/public/publications/\(n)/areas/\(area)").body.string }
            #expect(pages.contains("Fix &lt;b&gt;the&lt;/b&gt;") && !pages.contains("<b>the</b>"))
            #expect(pages.contains("&lt;img src=x onerror=alert(1)&gt;") && !pages.contains("<img src=x"))
            #expect(pages.contains("Plan &lt;i&gt;x&lt;/i&gt; &amp; co") && !pages.contains("<i>x</i>"))
            let csv = try await tester.sendRequest(.GET, "/public/publications/\(n)/milestones.csv").body.string
            #expect(csv.contains("Fix <b>the</b>") && !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"), "\(csv.prefix(600))")
            let feed = try await tester.sendRequest(.GET, "/public/feed.atom").body.string
            #expect(AtomCheck(Data(feed.utf8)).ok && feed.contains("Plan &lt;i&gt;x&lt;/i&gt; &amp; co") && !feed.contains("<i>x"))
            let json = try await tester.sendRequest(.GET, "/public/publications/\(n)/publication.json")
            struct Document: Decodable { var content: PublicationContent }
            let content = try JSONDecoder().decode(Document.self, from: Data(json.body.string.utf8)).content
            #expect(content.areas.flatMap(\.milestones).contains { $0.title == hostileTitle })
            #expect(content.areas.contains { $0.background == "<img src=x onerror=alert(1)>" })
        }
    }
}
