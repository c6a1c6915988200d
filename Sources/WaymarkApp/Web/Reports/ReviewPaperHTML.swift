import WaymarkCore

/// The "Peer challenge preparation" paper for the Board, laid out as the council's paper of
/// June 2018 is: introduction, recommendation, background (themes, scope questions, timeline),
/// position statement and its evidence by theme, the challenge process (the peer team), and
/// logistics.
enum ReviewPaperHTML {
    static func title(_ paper: ReviewPaper) -> String { "\(paper.title): \(paper.paperTitle.lowercased())" }

    /// A standalone document with its stylesheet inside, for PDF printing.
    static func document(_ paper: ReviewPaper) -> String {
        let font = "font: 9pt \"Helvetica Neue\", Helvetica, Arial, sans-serif; color: #505a5f"
        let styles = """
        @page { margin-bottom: 20mm;
          @bottom-left { content: \(BoardPackHTML.cssString(title(paper))); \(font); vertical-align: top; padding-top: 4mm }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); \(font); vertical-align: top; padding-top: 4mm; white-space: nowrap } }
        """
        let page: HTML = """
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(title(paper))</title><style>\(HTML(unsafe: Assets.stylesheet))\(HTML(unsafe: styles))</style></head>
        <body><div class="width-container"><main class="main" id="main-content">\(body(paper))</main></div></body></html>
        """
        return "<!DOCTYPE html>\n" + page.rendered
    }

    static func body(_ paper: ReviewPaper) -> HTML {
        let themes = paper.themes.map { theme -> HTML in
            "<tr><td>\(theme.title)</td><td>\(theme.question)</td><td>\(theme.lead ?? "To be confirmed")</td><td>\(theme.areas.isEmpty ? "" : theme.areas.joined(separator: ", "))</td></tr>"
        }
        let timeline = paper.timeline.map { activity -> HTML in
            "<tr><td>\(activity.title)</td><td>\(activity.when)</td><td>\(activity.leads.isEmpty ? "-" : activity.leads)</td><td>\(activity.status.map { Layout.statusTag($0.status.label, key: $0.status.rawValue) } ?? "")</td></tr>"
        }
        let evidence = paper.evidenceByTheme.filter { !$0.documents.isEmpty }.map { group -> HTML in
            "<li>\(group.theme)<ul>\(group.documents.map { "<li>\($0.title)</li>" as HTML })</ul></li>"
        }
        let peers = paper.peers.map { "<li>\($0.name), \($0.role)\($0.organisation.isEmpty ? "" : ", \($0.organisation)")</li>" as HTML }
        let base = paper.rooms.filter { $0.purpose == ReviewRoom.Purpose.base.label }.map(\.name)
        let interview = paper.rooms.filter { $0.purpose == ReviewRoom.Purpose.interview.label }.map(\.name)
        let visit: String = paper.visitDays.isEmpty ? "The dates of the on-site visit are to be confirmed."
            : "The peer team will be on site for \(paper.visitDays.count) day\(paper.visitDays.count == 1 ? "" : "s") from \(paper.visitDays[0].display)."
        let busiest = paper.sessionsPerDay.map(\.count).max() ?? 0
        let statement: String = paper.positionStatementDue.map { due in
            "The position statement will be sent to the peer team one month before the on-site visit, by \(due.display)" + (paper.positionStatementSent.map { "; it was sent on \($0.display)." } ?? ".")
        } ?? "The position statement will be sent to the peer team one month before the on-site visit."
        return """
        <p class="caption">Improvement Board</p>
        <table class="table title-block"><caption class="visually-hidden">Report details</caption>
        <thead><tr><th scope="col">Title</th><th scope="col">Author</th><th scope="col">Date</th></tr></thead>
        <tbody><tr><td>\(paper.paperTitle)</td><td>Strategy, Policy and Performance</td><td>\(paper.today.display)</td></tr></tbody></table>
        <h1>\(paper.title): \(paper.paperTitle.lowercased())</h1>
        <h2>1. Introduction</h2>
        \(paper.introduction.isEmpty ? HTML("<p>This paper sets out the preparation for the \(paper.kind.label.lowercased()) of the \(paper.planTitle).</p>") : BoardPackHTML.paragraphs(paper.introduction))
        <h2>2. Recommendations</h2>
        <p>The Board is asked to:</p><ol><li>Note the progress made with the preparation for the \(paper.kind.label.lowercased()).</li></ol>
        <h2>3. Background</h2>
        <p>There are \(paper.themes.count) themes, each with a corporate lead who signs off the key messages and the information given for it.</p>
        \(themes.isEmpty ? HTML("") : """
        <table class="table"><caption>Themes and corporate leads</caption>
        <thead><tr><th scope="col">Theme</th><th scope="col">Question</th><th scope="col">Corporate lead</th><th scope="col">Plan areas</th></tr></thead><tbody>\(themes)</tbody></table>
        """)
        \(paper.scopeQuestions.isEmpty ? HTML("") : "<p>It has been agreed that the peer team will also consider the following questions:</p><ol>\(paper.scopeQuestions.map { "<li>\($0)</li>" as HTML })</ol>")
        \(timeline.isEmpty ? HTML("") : """
        <table class="table"><caption>Timeline of key activities, with their status on \(paper.today.display)</caption>
        <thead><tr><th scope="col">Activity</th><th scope="col">Timeline</th><th scope="col">Lead officer</th><th scope="col">Status</th></tr></thead><tbody>\(timeline)</tbody></table>
        """)
        <h2>4. Position statement</h2>
        <p>\(statement)</p>
        \(evidence.isEmpty ? HTML("<p>No evidence has been gathered yet.</p>") : "<p>Documents provided alongside the position statement include:</p><ul>\(evidence)</ul>")
        <h2>5. The challenge process</h2>
        <p>\(visit)\(busiest > 0 ? " Up to \(busiest) interview session\(busiest == 1 ? " is" : "s are") booked on the busiest day." : "")</p>
        \(peers.isEmpty ? HTML("<p>The peer team is to be confirmed.</p>") : "<p>The peer team is:</p><ul>\(peers)</ul>")
        <h2>6. Logistics</h2>
        <p>\(base.isEmpty ? "The team's base is to be confirmed." : "The team's base is \(base.joined(separator: " and ")).")\(interview.isEmpty ? "" : " Interviews will be held in \(interview.listed).")</p>
        """
    }
}
