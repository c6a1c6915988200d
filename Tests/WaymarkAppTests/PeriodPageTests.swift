import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// A reporting period's page drawn from values alone: frozen or draft, what changed since it
/// was frozen, and hostile names escaped.
@Suite struct PeriodPageTests {
    static func report(final: Bool, planTitle: String = "Best Value plan 2017-18", area: String = "Elections") -> PeriodReport {
        var counts = StatusCounts()
        counts.completed = 3
        counts.overdue = 1
        return PeriodReport(planID: 1, planTitle: planTitle, periodID: 9, period: ReportingPeriod(cadence: .quarterly, financialYear: 2017, number: 3)!,
                            isFinal: final, closing: final ? 1 : 0, asOf: CalendarDate(iso: "2017-12-31")!, lines: [],
                            areas: [.init(areaID: 2, name: area, counts: counts, ruleRating: .amber, ruleExplanation: "One overdue", override: nil)],
                            activities: [], total: counts, revisions: [], narratives: [:], author: nil)
    }

    private let context = Layout.Context(user: nil, csrfToken: nil, currentPath: "/periods/9")

    @Test func aFrozenPeriodSaysSoAndShowsWhatChangedSince() {
        let before = MilestoneSnapshotLine(milestoneID: 4, title: "Hold the count", area: "Elections", status: .delayed, revisedDue: nil, revisionCount: 0)
        var after = before
        after.status = .completed
        var since = SnapshotComparison(earlier: [before], later: [after])
        var page = PeriodPage(report: Self.report(final: true), earlier: [.init(id: 5, label: "Q2 2017-18")], sinceFrozen: since, canPublish: true)
        var html = page.render(context).rendered
        #expect(html.contains("Frozen when the period closed: statuses as at 31 Dec 2017"))
        #expect(!html.contains("tag--draft"))
        #expect(html.contains("Status changes since Q3 2017-18 was frozen"))
        #expect(html.contains("<td>Delayed</td><td>Completed</td>"))
        #expect(html.contains("action=\"/periods/9/changes\""))
        #expect(html.contains("/periods/9/publish"))
        since = SnapshotComparison(earlier: [before], later: [before])
        page.sinceFrozen = since
        html = page.render(context).rendered
        #expect(html.contains("Nothing that decides a status has changed since the period closed."))
    }

    @Test func aDraftSaysItWillChangeAndOffersNoComparisonOrPublishing() {
        let html = PeriodPage(report: Self.report(final: false), earlier: [.init(id: 5, label: "Q2 2017-18")]).render(context).rendered
        #expect(html.contains("<strong class=\"tag tag--draft\">Draft</strong>"))
        #expect(html.contains("will change until it closes"))
        #expect(!html.contains("/changes"))
        #expect(!html.contains("/publish"))
        #expect(!html.contains("Since it was frozen"))
    }

    @Test func hostileNamesAreEscaped() {
        let html = PeriodPage(report: Self.report(final: false, planTitle: "<script>x()</script>", area: "<img src=x onerror=y>")).render(context).rendered
        #expect(!html.contains("<script>x()"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;x()&lt;/script&gt;"))
    }
}

/// What changed between two frozen periods, drawn from values alone.
@Suite struct PeriodChangesPageTests {
    private let context = Layout.Context(user: nil, csrfToken: nil, currentPath: "/periods/9/changes")

    @Test func eachKindOfChangeIsListedAndNamesAreEscaped() {
        let before = MilestoneSnapshotLine(milestoneID: 4, title: "<b>Count</b>", area: "Elections", status: .delayed, revisedDue: nil, revisionCount: 0)
        var after = before
        after.status = .completed
        let added = MilestoneSnapshotLine(milestoneID: 7, title: "New <i>one</i>", area: "Grants", status: .onTarget, revisedDue: nil, revisionCount: 0)
        let page = PeriodChangesPage(planID: 1, laterID: 9, earlierLabel: "Q2 2017-18", laterLabel: "Q3 2017-18",
                                     comparison: SnapshotComparison(earlier: [before], later: [after, added]))
        let html = page.render(context).rendered
        #expect(html.contains("Newly completed (1)"))
        #expect(html.contains("<h2>Newly overdue</h2><p>None.</p>"))
        #expect(html.contains("<td>Delayed</td><td>Completed</td>"))
        #expect(html.contains("New &lt;i&gt;one&lt;/i&gt;"))
        #expect(!html.contains("<b>Count</b>"))
        let none = PeriodChangesPage(planID: 1, laterID: 9, earlierLabel: "Q2", laterLabel: "Q3", comparison: SnapshotComparison(earlier: [before], later: [before]))
        #expect(none.render(context).rendered.contains("<h2>Added since Q2</h2><p>None.</p>"))
    }
}
