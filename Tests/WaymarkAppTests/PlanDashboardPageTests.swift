import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// A plan's dashboard drawn from values alone.
@Suite struct PlanDashboardPageTests {
    private let context = Layout.Context(user: nil, csrfToken: nil, currentPath: "/plans/1")
    private static let day = CalendarDate(iso: "2017-12-31")!

    @Test func thePastViewSaysWhatItShowsAndLinksToNow() {
        let page = PlanDashboardPage(planID: 1, title: "Best Value plan", asOf: Self.day, recordedOn: CalendarDate(iso: "2017-10-12"), figures: "<p>figures</p>")
        let html = page.render(context).rendered
        #expect(html.contains("aria-label=\"Past view\""))
        #expect(html.contains("as it stood at the end of 12 Oct 2017"))
        #expect(html.contains("href=\"/plans/1?as_of=2017-12-31\""))
        #expect(html.contains("name=\"recorded_on\" value=\"2017-10-12\""))
        #expect(!PlanDashboardPage(planID: 1, title: "Plan", asOf: Self.day, figures: "").render(context).rendered.contains("Past view"))
    }

    @Test func whatTheReaderMayDoDecidesTheLinks() {
        var page = PlanDashboardPage(planID: 1, title: "Plan", asOf: Self.day, figures: "")
        var html = page.render(context).rendered
        #expect(!html.contains("/plans/1/structure") && !html.contains("/plans/1/settings"))
        page.mayEditStructure = true
        page.mayChangeSettings = true
        html = page.render(context).rendered
        #expect(html.contains("href=\"/plans/1/structure\"") && html.contains("href=\"/plans/1/settings\""))
    }

    @Test func aHostileTitleIsEscaped() {
        let html = PlanDashboardPage(planID: 1, title: "<script>alert(1)</script>", asOf: Self.day, figures: "").render(context).rendered
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
    }
}
