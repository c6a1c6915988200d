import Testing
import WaymarkCore

/// What the public pages' open data is made of: XML text, the feed, the CSV rows and the
/// direction of travel between quarters.
@Suite struct OpenDataTests {
    @Test func xmlTextEscapesTheFiveAndDropsWhatXMLCannotCarry() {
        #expect(OpenData.escape(#"Fish & "chips" <b>'s</b>"#) == "Fish &amp; &quot;chips&quot; &lt;b&gt;&apos;s&lt;/b&gt;")
        #expect(OpenData.escape("a\u{0}b\u{7}c\u{1B}d\u{FFFE}e\u{FFFF}") == "abcde")
        #expect(OpenData.escape("tab\tline\nreturn\r") == "tab\tline\nreturn\r")
        #expect(OpenData.escape("Café ✓ 😀") == "Café ✓ 😀")
    }

    @Test func theFeedHasATitleIdAndUpdatedOnItselfAndEachEntry() {
        let entry = OpenData.FeedEntry(id: "https://x.test/public/publications/1", title: "Plan <i>x</i>: Q3", updated: "2018-01-05T10:00:00Z",
                                       link: "https://x.test/public/publications/1", summary: "A & B")
        let feed = OpenData.atom(title: "Council & co", id: "https://x.test/public/feed.atom", selfLink: "https://x.test/public/feed.atom",
                                 updated: "2018-01-05T10:00:00Z", author: "Council", entries: [entry])
        #expect(feed.contains("<title>Council &amp; co</title>") && feed.contains("<title>Plan &lt;i&gt;x&lt;/i&gt;: Q3</title>"))
        #expect(feed.components(separatedBy: "<updated>").count == 3 && feed.components(separatedBy: "<id>").count == 3)
        #expect(feed.contains("<summary>A &amp; B</summary>") && !feed.contains("<i>"))
    }

    @Test func csvRowsFollowTheHeadersWithDatesAsISO() {
        let milestone = PublicationContent.Milestone(ref: "1.1", activity: "1. Elections", title: "Canvass", leads: ["Lucy Marsh", "Ann Lee"], deadline: "May-18",
                                                     dueDate: "2018-05-31", revisedDeadline: "Jul-18", status: "delayed", statusLabel: "Delayed", commentary: nil,
                                                     leadJobTitles: ["Head of Elections", ""], revisedDueDate: "2018-07-31")
        let content = PublicationContent(council: "C", planTitle: "P", period: "Q3 2017-18", months: "October to December 2017", asOf: "2018-01-05", summary: "S",
                                         areas: [.init(name: "Elections", rating: "AMBER", counts: [:], total: 1, percentComplete: 0,
                                                       background: "", achievements: "", continuing: "", milestones: [milestone])], decisions: [])
        let rows = OpenData.csvRows(content, number: 7)
        #expect(rows.count == 1 && rows[0].count == OpenData.csvHeaders.count)
        let row = Dictionary(uniqueKeysWithValues: zip(OpenData.csvHeaders, rows[0]))
        #expect(row["lead_officers"] == "Lucy Marsh / Ann Lee" && row["lead_job_titles"] == "Head of Elections / ")
        #expect(row["due_date"] == "2018-05-31" && row["revised_deadline"] == "Jul-18" && row["revised_due_date"] == "2018-07-31")
        #expect(row["public_commentary"] == "" && row["publication"] == "7")
        #expect(milestone.leadsWithTitles == ["Lucy Marsh (Head of Elections)", "Ann Lee"])
    }

    @Test func directionIsBySharePublishedBefore() {
        #expect(PublicDirection.of(40, since: nil) == .new)
        #expect(PublicDirection.of(40, since: 39) == .improving)
        #expect(PublicDirection.of(40, since: 40) == .noChange)
        #expect(PublicDirection.of(40, since: 41) == .worsening)
        #expect(PublicDirection.improving.arrow == "↑" && PublicDirection.new.arrow.isEmpty)
    }
}
