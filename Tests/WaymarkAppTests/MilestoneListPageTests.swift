import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// The milestone list drawn from values alone, with no database: hostile text escaped, a
/// withdrawn milestone said in words, the past view's notice, and the page counts.
@Suite struct MilestoneListPageTests {
    static func listing(_ id: Int, title: String = "Hold the count", lead: String = "Jane Smith", status: String = "on_target",
                        label: String = "On Target", colour: String = "green", lifecycle: String = "active") -> MilestoneListing {
        MilestoneListing(id: id, ref: "1.\(id)", area: "Elections", areaID: 1, activityNumber: 1, activityRef: "1", activityID: 10, activity: "Run elections",
                         title: title, leads: [lead], leadIDs: [3], deadline: "May-18", deadlineKind: "dated", due: "2018-05-31", forecast: nil,
                         completed: nil, lifecycle: lifecycle, status: status, statusLabel: label, statusExplanation: "", schemeStatus: status,
                         statusKind: nil, statusColour: colour)
    }

    static func page(_ milestones: [MilestoneListing], total: Int? = nil, title: String = "Best Value plan 2017-18",
                     query: MilestoneListPage.Query = .init(asOf: CalendarDate(iso: "2017-12-31")!)) -> MilestoneListPage {
        MilestoneListPage(planID: 7, planTitle: title, statuses: [.init(value: "on_target", label: "On Target"), .init(value: "overdue", label: "Overdue")],
                          areas: [.init(value: "1", label: "Elections")], query: query, milestones: milestones, total: total ?? milestones.count)
    }

    private let context = Layout.Context(user: nil, csrfToken: nil, currentPath: "/plans/7/milestones")

    @Test func hostileTextIsEscapedEverywhere() {
        var query = MilestoneListPage.Query(asOf: CalendarDate(iso: "2017-12-31")!)
        query.search = "\"><script>alert(1)</script>"
        query.lead = "<img src=x onerror=alert(2)>"
        let html = Self.page([Self.listing(1, title: "<b>Bold</b> & \u{7}bell", lead: "<i>Lead</i>\r\nSecond line")],
                             title: "<script>plan</script>", query: query).render(context).rendered
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Bold</b>"))
        #expect(html.contains("&lt;b&gt;Bold&lt;/b&gt; &amp;"))
        #expect(html.contains("&lt;script&gt;plan&lt;/script&gt;"))
        #expect(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
    }

    @Test func aWithdrawnMilestoneSaysSoInWords() {
        let html = Self.page([Self.listing(1, status: "withdrawn", label: "Withdrawn", colour: "grey", lifecycle: "withdrawn")]).render(context).rendered
        #expect(html.contains(">Withdrawn<"))
        #expect(html.contains("1 milestone"))
    }

    @Test func thePastViewSaysWhatItShows() {
        var query = MilestoneListPage.Query(asOf: CalendarDate(iso: "2017-12-31")!)
        query.recordedOn = CalendarDate(iso: "2017-09-30")
        let html = Self.page([Self.listing(1)], query: query).render(context).rendered
        #expect(html.contains("aria-label=\"Past view\""))
        #expect(html.contains("as they stood at the end of 30 Sep 2017"))
        #expect(html.contains("name=\"recorded_on\" value=\"2017-09-30\""))
        let now = Self.page([Self.listing(1)]).render(context).rendered
        #expect(!now.contains("Past view"))
    }

    @Test func pagesAreCountedAndLinkedKeepingTheFilters() {
        var query = MilestoneListPage.Query(asOf: CalendarDate(iso: "2017-12-31")!)
        query.page = 2
        query.kept = [.init(name: "area", value: "Elections & Grants")]
        let page = Self.page((51...100).map { Self.listing($0) }, total: 120, query: query)
        #expect(page.pages == 3)
        #expect(page.shownText == "Showing 51 to 100 of 120 milestones")
        let html = page.render(context).rendered
        #expect(html.contains("area=Elections%20%26%20Grants&amp;page=3") || html.contains("area=Elections%20%26%20Grants&page=3"))
        #expect(Self.page([], total: 0).shownText == "No milestones match")
        query.page = 9
        #expect(Self.page([], total: 120, query: query).shownText == "No milestones on page 9; there are 3 pages")
    }

    @Test func theChosenFiltersAreSelected() {
        var query = MilestoneListPage.Query(asOf: CalendarDate(iso: "2017-12-31")!)
        query.status = "overdue"
        query.area = "1"
        query.perPage = 100
        let html = Self.page([], query: query).render(context).rendered
        #expect(html.contains("<option value=\"overdue\" selected>Overdue</option>"))
        #expect(html.contains("<option value=\"1\" selected>Elections</option>"))
        #expect(html.contains("<option value=\"100\" selected>100</option>"))
    }
}
