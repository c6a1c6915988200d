import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Publishing a closed quarter: the public sees the frozen snapshot and only what was approved.
@Suite struct PublicationTests {
    static let markers = ["MARKER-UNAPPROVED", "MARKER-PROPOSAL", "MARKER-COMMENT", "lucy.marker@council.test", "Marker Account Name", "MARKER-LIVE", "MARKER-KPI",
                          "987654", "987,654"]

    /// Q3 of the project's own fixture plan, closed with every kind of private thing planted in
    /// it, and one commentary approved for the public.
    static func closedQuarter(_ app: Application) async throws -> (planID: Int, periodID: Int, officer: User) {
        let plan = try await importSeedPlan(app)
        let accounts = try await TestAccounts.make(app)
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        officer.displayName = "Marker Account Name"
        try await officer.save(on: app.db)
        let lead = try #require(try await User.find(accounts.ids[.leadOfficer], on: app.db))
        lead.email = "lucy.marker@council.test"
        try await lead.save(on: app.db)
        let periods = ReportingPeriodService(db: app.db, user: officer)
        let q3 = try await periods.opened(planID: plan.planID, label: "Q3 2017-18")
        let (hers, notHers) = try await seedMilestones(app)
        let updates = MilestoneUpdateService(db: app.db, user: officer)
        _ = try await updates.save(milestoneID: hers.id!, input: .init(commentary: "Board only: MARKER-UNAPPROVED", version: 1), today: CalendarDate(year: 2017, month: 12, day: 1)!)
        _ = try await updates.save(milestoneID: notHers.id!, input: .init(commentary: "Intranet live in the spring", proposedDeadline: "Jun-18", proposedReason: "MARKER-PROPOSAL", version: 1),
                                   today: CalendarDate(year: 2017, month: 12, day: 1)!)
        _ = try await CommentService(db: app.db, user: officer).add(to: hers.id!, body: "MARKER-COMMENT")
        // Two measurable outcomes for Q3: one marked for publication, one not.
        let kpis = """
        KPI,Area,Unit,Polarity,Frequency,Published,Period,Value,Target,Tolerance,Provisional
        Residents satisfied with the council,Elections,percentage,higher,quarterly,yes,Q3 2017-18,64,60,5%,no
        MARKER-KPI staff sickness days,Elections,days,lower,quarterly,no,Q3 2017-18,9,8,1,no
        Households helped,Elections,number,higher,quarterly,yes,Q3 2017-18,987654,900000,5%,yes
        """
        let document = try KPIFileLoader.load(Array(kpis.utf8), fileName: "kpis.csv").document
        _ = try await KPIImportService(db: app.db, actor: "test").run(document, planID: plan.planID, fileName: "kpis.csv")
        try await periods.closed(periodID: q3.id!, today: CalendarDate(year: 2018, month: 1, day: 5)!)
        let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
        _ = try await service.approveCommentary(milestoneID: notHers.id!, periodID: q3.id!, text: "The new intranet will be live in the spring. PUBLIC-OK")
        // Live data after the close must not reach the public.
        let live = try #require(try await Milestone.find(hers.id, on: app.db))
        live.title = "MARKER-LIVE"
        try await live.save(on: app.db)
        return (plan.planID, q3.id!, officer)
    }

    @Test(arguments: TestDatabase.allCases)
    func everyPublicURLShowsOnlyWhatWasPublished(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, periodID, officer) = try await Self.closedQuarter(app)
            guard case .saved(let publication) = try await PublicationService(db: app.db, actor: AuditLog.actor(officer)).publish(periodID: periodID, today: AsOf.today()) else {
                throw TestSetupError("not published")
            }
            // The next quarter is open, with a figure and words of its own: none of it is public.
            _ = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: planID, label: "Q4 2017-18")
            let drafted = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Set up the new intranet").first())
            #expect(try await MilestoneUpdateService(db: app.db, user: officer).save(milestoneID: drafted.id!, input: .init(commentary: "MARKER-DRAFT", completed: "2018-02-01",
                version: drafted.version), today: CalendarDate(year: 2018, month: 2, day: 2)!).errors.isEmpty)
            let tester = try app.testing()
            // Crawl everything reachable from the home page.
            var seen: Set<String> = [], queue = ["/public"], bodies: [String: String] = [:]
            while let path = queue.popLast() {
                guard !seen.contains(path) else { continue }
                seen.insert(path)
                let response = try await tester.sendRequest(.GET, path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(response.headers[.setCookie].isEmpty, "\(path) set a cookie")
                let body = response.body.string
                bodies[path] = body
                for marker in Self.markers + ["MARKER-DRAFT", "Q4 2017-18"] { #expect(!body.contains(marker), "\(path) shows \(marker)") }
                for link in Self.links(in: body) where !seen.contains(link) { queue.append(link) }
            }
            #expect(seen.contains("/public/publications/\(publication.id!)/milestones.csv") && seen.contains("/public/feed.atom") && seen.contains("/public/data.json"))
            #expect(seen.contains("/public/accessibility") && seen.contains("/public/plans/\(planID)"))
            #expect(seen.filter { $0.contains("/areas/") }.count == 5, "\(seen.sorted())")
            let everything = bodies.values.joined()
            #expect(everything.contains("The new intranet will be live in the spring. PUBLIC-OK"))
            #expect(everything.contains("No public update this quarter"))
            #expect(everything.contains("Lucy Marsh"))
            #expect(everything.contains("<td>Residents satisfied with the council</td><td>64%</td><td>60%</td>"))

            // The figures are the frozen pack's.
            let report = try #require(try await PeriodReport.build(periodID: periodID, today: AsOf.today(), on: app.db))
            let content = try #require(publication.decoded)
            #expect(content.areas.map(\.name) == report.areas.map(\.name))
            #expect(content.areas.map(\.total) == report.areas.map(\.counts.active))
            #expect(content.areas.map { $0.counts["overdue"] ?? -1 } == report.areas.map(\.counts.overdue))
            #expect(content.areas.map(\.rating) == report.areas.map { $0.rating?.label })
            #expect(content.milestoneCount == report.lines.count)
            #expect(content.areas.map(\.percentComplete) == report.areas.map { $0.counts.percentComplete ?? 0 })
            for status in report.scheme.statuses {
                #expect(content.areas.map { $0.counts[status.code] ?? -1 } == report.areas.map { $0.counts[code: status.code] }, "\(status.code)")
            }
            // The page shows those figures, in the words of the pack's summary.
            let publicPage = try #require(bodies["/public/publications/\(publication.id!)"])
            let c = report.total
            #expect(publicPage.contains("\(c.percentCompletedOrOnTarget ?? 0)% of the \(c.active) active milestones"))
            for area in content.areas { #expect(publicPage.contains("<td>\(area.percentComplete)%</td>"), "\(area.name)") }

            // The feed and the catalogue parse.
            let feed = try #require(bodies["/public/feed.atom"])
            let parsed = AtomCheck(Data(feed.utf8))
            #expect(parsed.ok && parsed.root == "feed" && parsed.entries == 1 && parsed.entryIDs == 1 && parsed.feedUpdated)
            let catalogueText = try #require(bodies["/public/data.json"])
            let catalogue = try #require(JSONSerialization.jsonObject(with: Data(catalogueText.utf8)) as? [String: Any])
            let datasets = try #require(catalogue["dataset"] as? [[String: Any]])
            #expect(datasets.count == 1 && (datasets[0]["license"] as? String) == OpenData.licenceURL)
            #expect((datasets[0]["distribution"] as? [[String: Any]])?.count == 2)

            // Caching: the same page again is "not modified".
            let page = try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)")
            #expect(page.headers.first(name: .cacheControl) == "public, max-age=60")
            #expect(page.body.string.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            let etag = try #require(page.headers.first(name: .eTag))
            var conditional = HTTPHeaders()
            conditional.replaceOrAdd(name: .ifNoneMatch, value: etag)
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)", headers: conditional).status == .notModified)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func withdrawingLeavesANoticeAndRepublishingMakesANewNumber(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, periodID, officer) = try await Self.closedQuarter(app)
            let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
            guard case .saved(let first) = try await service.publish(periodID: periodID, today: AsOf.today()) else { throw TestSetupError("not published") }
            #expect(try await service.publish(periodID: periodID, today: AsOf.today()).errors.first?.message.contains("already publication \(first.id!)") == true)
            let tester = try app.testing()
            let before = try await tester.sendRequest(.GET, "/public/publications/\(first.id!)")
            #expect(try await service.withdraw(publicationID: first.id!, reason: "").errors.first?.field == "reason")
            guard case .saved = try await service.withdraw(publicationID: first.id!, reason: "A figure was wrong") else { throw TestSetupError("not withdrawn") }
            let after = try await tester.sendRequest(.GET, "/public/publications/\(first.id!)")
            #expect(after.status == .ok && after.body.string.contains("This publication was withdrawn") && after.body.string.contains("A figure was wrong"))
            #expect(after.headers.first(name: .eTag) != before.headers.first(name: .eTag))
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(first.id!)/milestones.csv").status == .gone)
            #expect(try await tester.sendRequest(.GET, "/public/feed.atom").body.string.contains("(withdrawn)"))

            // Reopened and closed again, the period publishes as a new number.
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .admin).first())
            _ = try await ReportingPeriodService(db: app.db, user: admin).reopen(periodID: periodID, reason: "Correct a figure")
            await #expect(throws: WriteRefusal.self) { _ = try await service.publish(periodID: periodID, today: AsOf.today()) }
            try await ReportingPeriodService(db: app.db, user: officer).closed(periodID: periodID, today: CalendarDate(year: 2018, month: 1, day: 10)!)
            guard case .saved(let second) = try await service.publish(periodID: periodID, today: AsOf.today()) else { throw TestSetupError("not republished") }
            #expect(second.id! > first.id!)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "publication.published").count() == 2)
        }
    }

    /// Links to public addresses in a page, CSV, JSON or feed, as paths.
    static func links(in body: String) -> [String] {
        var found: [String] = []
        for marker in ["href=\"", "\"downloadURL\" : \"", "\"downloadURL\":\"", "\"identifier\" : \""] {
            var rest = body[...]
            while let range = rest.range(of: marker) {
                let after = rest[range.upperBound...]
                let link = String(after.prefix { $0 != "\"" })
                rest = after
                let path = link.replacingOccurrences(of: (try? Settings(environment: ProcessInfo.processInfo.environment))?.publicBase ?? "", with: "")
                if path.hasPrefix("/public"), !path.contains("?") { found.append(path) }
                if path.hasPrefix("?page=") { continue }
            }
        }
        return found
    }
}

/// Reads an Atom document with Foundation's XML parser and counts what RFC 4287 requires.
final class AtomCheck: NSObject, XMLParserDelegate {
    var root: String?, entries = 0, entryIDs = 0, feedUpdated = false, ok = false
    private var path: [String] = []

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        ok = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "entry" { entries += 1 }
        if name == "id" && path.last == "entry" { entryIDs += 1 }
        if name == "updated" && path.last == "feed" { feedUpdated = true }
        path.append(name)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
    }
}
