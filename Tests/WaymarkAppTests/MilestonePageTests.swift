import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// A milestone's page drawn from values alone, with no database.
@Suite struct MilestonePageTests {
    static func page(title: String = "Hold the count", asOf: String = "2018-06-15", completed: String? = nil, withdrawn: Bool = false,
                     reason: String? = nil) -> MilestonePage {
        let day = CalendarDate(iso: asOf)!
        let facts = MilestoneFacts(deadline: Deadline(stored: "May-18", kind: "dated", earliestStart: nil, due: "2018-05-31", checkpoints: nil),
                                   storedForecast: nil, storedCompletion: completed)
        let verdict = StatusScheme.standard.verdict(facts, asOf: day, decision: nil, decisionReason: nil, withdrawn: withdrawn)
        return MilestonePage(id: 5, title: title, planID: 1, planTitle: "Best Value plan", areaID: 2, areaName: "Elections", activityID: 3,
                             activityLabel: "1", activityTitle: "Run the elections", leads: ["Jane Smith"], deadlineText: "May-18",
                             deadlineExplanation: "By 31 May 2018", verdict: verdict,
                             why: withdrawn ? "\(reason ?? "No reason recorded"). Not counted in the figures." : MilestoneUpdateForm.reason(verdict.assessment),
                             revisedDeadline: nil, forecast: nil, completed: completed.flatMap { CalendarDate(iso: $0) }, asOf: day, reported: nil)
    }

    private let context = Layout.Context(user: nil, csrfToken: "token", currentPath: "/milestones/5")

    @Test func aLateMilestoneSaysItsStatusInWords() {
        let html = Self.page(asOf: "2018-06-15").render(context).rendered
        #expect(html.contains(">Delayed<"))
        #expect(html.contains("Status worked out for</dt><dd>15 Jun 2018"))
        let later = Self.page(asOf: "2018-08-01").render(context).rendered
        #expect(later.contains(">Overdue<"))
    }

    @Test func aPastDayIsTheDayShown() {
        let html = Self.page(asOf: "2018-01-10").render(context).rendered
        #expect(html.contains(">On Target<"))
        #expect(html.contains("Status worked out for</dt><dd>10 Jan 2018"))
    }

    @Test func aWithdrawnMilestoneSaysWhyAndOffersNoUpdate() {
        var page = Self.page(withdrawn: true, reason: "Superseded by the new <b>plan</b>")
        page.abilities.update = false
        let html = page.render(context).rendered
        #expect(html.contains(">Withdrawn<"))
        #expect(html.contains("Superseded by the new &lt;b&gt;plan&lt;/b&gt;. Not counted in the figures."))
        #expect(!html.contains("Record an update"))
    }

    @Test func abilitiesDecideTheLinks() {
        var page = Self.page()
        page.abilities = .init(update: true, edit: false, decide: true, comment: true, progressOnly: false)
        let html = page.render(context).rendered
        #expect(html.contains("href=\"/milestones/5/update\""))
        #expect(html.contains("href=\"/milestones/5/decision\""))
        #expect(!html.contains("/milestones/5/edit"))
        #expect(html.contains("name=\"csrf_token\" value=\"token\""))
        page.abilities = .init(progressOnly: true)
        let reviewer = page.render(context).rendered
        #expect(reviewer.contains(">Progress updates</h2>"))
        #expect(!reviewer.contains("Add a comment"))
    }

    @Test func hostileTextIsEscaped() {
        var page = Self.page(title: "<script>alert('x')</script>\r\nline")
        page.leads = ["<img src=x onerror=alert(1)>"]
        page.revisions = [.init(proposed: "<i>Jun-18</i>", reason: "\u{0}null", state: "Proposed", decided: "")]
        page.history = [.init(at: nil, who: "<b>Someone</b>", what: "Comment", detail: "<a href=javascript:alert(1)>x</a>")]
        page.abilities.comment = true
        page.comment = "</textarea><script>bad()</script>"
        page.commentErrors = [FieldError(field: "comment", message: "Enter a comment")]
        let html = page.render(context).rendered
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<a href=javascript"))
        #expect(!html.contains("</textarea><script>"))
        #expect(html.contains("&lt;script&gt;alert("))
        #expect(html.contains("Error: "))
    }

    @Test func theSavedBannerFollowsTheSave() {
        var page = Self.page()
        page.saved = "updated"
        #expect(page.render(context).rendered.contains("Update saved"))
        page.saved = nil
        #expect(!page.render(context).rendered.contains("Update saved"))
    }
}

/// The progress-update form drawn from values alone.
@Suite struct MilestoneUpdatePageTests {
    private let context = Layout.Context(user: nil, csrfToken: "token", currentPath: "/milestones/5/update")

    @Test func itKeepsWhatWasTypedAndSaysWhatIsWrong() {
        let input = MilestoneUpdateService.Input(commentary: "</textarea><script>x()</script>", forecast: "2018-13-01", version: 4)
        let page = MilestoneUpdatePage(id: 5, title: "<b>Count</b>", deadlineText: "May-18", deadlineExplanation: "By 31 May 2018", input: input,
                                       errors: [FieldError(field: "forecast", message: "Forecast completion date must be a real date")])
        let html = page.render(context).rendered
        #expect(html.contains("<title>Error: "))
        #expect(html.contains("href=\"#forecast\""))
        #expect(html.contains("aria-describedby=\"forecast-hint forecast-error\""))
        #expect(html.contains("value=\"2018-13-01\""))
        #expect(html.contains("name=\"version\" value=\"4\""))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>Count</b>"))
    }

    @Test func thePreviewSaysTheStatusInWords() {
        let facts = MilestoneFacts(deadline: Deadline(stored: "May-18", kind: "dated", earliestStart: nil, due: "2018-05-31", checkpoints: nil),
                                   storedForecast: "2018-07-15", storedCompletion: nil)
        let assessment = StatusRules.assess(facts, asOf: CalendarDate(iso: "2018-06-10")!)
        let page = MilestoneUpdatePage(id: 5, title: "Count", deadlineText: "May-18", deadlineExplanation: "By 31 May 2018",
                                       input: .init(version: 1), preview: assessment)
        let html = page.render(context).rendered
        #expect(html.contains("If you save this update"))
        #expect(html.contains(">\(assessment.status.label)<"))
        #expect(!MilestoneUpdatePage(id: 5, title: "Count", deadlineText: "May-18", deadlineExplanation: "", input: .init()).render(context).rendered.contains("If you save"))
    }
}
