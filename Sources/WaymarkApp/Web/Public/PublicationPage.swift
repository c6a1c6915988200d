import Vapor
import WaymarkCore

/// A publication as the public sees it: drawn from its frozen content only.
enum PublicationPage {
    /// An area's counts, read back by the kinds of the scheme the publication was made in.
    static func counts(_ area: PublicationContent.Area, scheme: StatusScheme = .standard) -> StatusCounts {
        var counts = StatusCounts()
        for status in scheme.statuses { counts.add(inScheme: status, count: area.counts[status.code] ?? 0) }
        return counts
    }

    /// Where a publication's own pages live: its permanent address, or the preview's pages
    /// before it is published (which have no open data yet).
    enum Base {
        case published(Int)
        case preview(periodID: Int)

        var isPreview: Bool { if case .preview = self { true } else { false } }

        var path: String {
            switch self {
            case .published(let number): "/public/publications/\(number)"
            case .preview(let periodID): "/periods/\(periodID)/publish"
            }
        }
    }

    static func body(_ publication: Publication, content: PublicationContent?, plan: Plan, publicBase: String, base explicit: Base? = nil) -> HTML {
        let number = publication.id ?? 0
        let base = explicit ?? .published(number)
        guard publication.withdrawnAt == nil, let content else {
            return """
            <h1>\(plan.title): publication \(number)</h1>
            <div class="notification" role="region" aria-label="Withdrawn"><h2>This publication was withdrawn</h2>
            <p>It was withdrawn on \(publication.withdrawnAt.map(MilestoneUpdateForm.timestamp) ?? ""): \(publication.withdrawnReason ?? "")</p></div>
            """
        }
        let scheme = content.statusScheme
        let rows = content.areas.enumerated().map { index, area -> HTML in
            let direction: HTML = area.direction == .new ? "\(area.direction.label)" : "<span aria-hidden=\"true\">\(area.direction.arrow)</span> \(area.direction.label)"
            return """
            <tr><td><a href="\(base.path)/areas/\(index + 1)">\(area.name)</a></td><td>\(FormFields.ratingTag(area.rating.flatMap { DeliveryRating(rawValue: $0.lowercased()) }))</td>\
            <td>\(area.percentComplete)%</td><td>\(direction)</td>\
            \(HTML(unsafe: scheme.statuses.map { "<td>\(area.counts[$0.code] ?? 0)</td>" }.joined()))<td>\(area.total)</td></tr>
            """
        }
        let decisions = content.decisions.map { "<li>\($0.item): \($0.decision) (minute \($0.minute))</li>" as HTML }
        return """
        <h1>\(content.planTitle): \(content.period)</h1>
        <p class="lead">\(content.months). \(base.isPreview ? HTML("Not yet published.") : "Publication \(number), published \(MilestoneUpdateForm.timestamp(publication.publishedAt)).")</p>
        \(base.isPreview ? HTML("") : "<p class=\"hint\">Its permanent address is <a href=\"\(publicBase)\(base.path)\">\(publicBase)\(base.path)</a>; what it says never changes, unless it is withdrawn with a public notice.</p>")
        <p>\(content.summary)</p>
        <h2>Status by area</h2>
        \(StatusChart.svg(rows: content.areas.map { StatusRow(areaID: nil, name: $0.name, counts: counts($0, scheme: scheme)) },
                          title: "Milestone status by area, \(content.period)", describedBy: "public-area-table", scheme: scheme))
        <table class="table" id="public-area-table"><caption>Milestones by status and area, \(content.period)</caption>
        <thead><tr><th scope="col">Area</th><th scope="col">Rating</th><th scope="col">Completed</th><th scope="col">Since the previous publication</th>\
        \(HTML(unsafe: scheme.statuses.map { "<th scope=\"col\">\(scheme.isStandard && $0.code == "on_target" ? "On target" : $0.short)</th>" }.joined()))<th scope="col">Milestones</th></tr></thead><tbody>\(rows)</tbody></table>
        \(outcomes(content))
        \(decisions.isEmpty ? HTML("") : "<h2>The Board's decisions</h2><ul class=\"list\">\(decisions)</ul>")
        \(base.isPreview ? HTML("") : """
        <h2>Open data</h2>
        <p><a href="/public/publications/\(number)/milestones.csv">Milestones as CSV</a> (its <a href="/public/publications/\(number)/milestones.csv-metadata.json">metadata</a>) · <a href="/public/publications/\(number)/publication.json">Whole publication as JSON</a> (its <a href="\(PublicationSchema.path)">schema</a>)</p>
        """)
        """
    }

    static func outcomes(_ content: PublicationContent) -> HTML {
        guard !content.outcomes.isEmpty else { return "" }
        let rows = content.outcomes.map { o -> HTML in
            "<tr><td>\(o.area ?? "Whole plan")</td><td>\(o.kpi)</td><td>\(o.value ?? "")</td><td>\(o.target ?? "")</td><td>\(KPIRating(rawValue: o.rating).map { KPIPagesController.ratingTag($0) } ?? HTML(stringLiteral: HTML.escape(o.ratingLabel)))</td><td>\(o.direction)</td><td>\(o.benchmark ?? "")</td></tr>"
        }
        return """
        <h2>Measurable outcomes</h2>
        <table class="table"><caption class="visually-hidden">Measurable outcomes, \(content.period)</caption>
        <thead><tr><th scope="col">Area</th><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Target</th><th scope="col">Rating</th><th scope="col">Direction of travel</th><th scope="col">Benchmark</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }

    static func area(_ publication: Publication, content: PublicationContent, index: Int, page: Int, pages: Int, base explicit: Base? = nil) -> HTML {
        let area = content.areas[index - 1]
        let base = explicit ?? .published(publication.id ?? 0)
        let shown = area.milestones.dropFirst((page - 1) * PublicPagesController.pageSize).prefix(PublicPagesController.pageSize)
        let rows = shown.map { m -> HTML in
            let tag = Layout.statusTag(m.statusLabel, key: m.status)
            return "<tr><td>\(m.ref)</td><td>\(m.title)<br><span class=\"hint\">\(m.activity)</span></td><td>\(m.leadsWithTitles.joined(separator: ", "))</td><td>\(m.deadline)</td><td>\(m.revisedDeadline ?? "")</td><td>\(tag)</td><td>\(m.commentary.map { BoardPackHTML.paragraphs($0) } ?? HTML("<span class=\"hint\">No public update this quarter</span>"))</td></tr>"
        }
        let pager: HTML = pages <= 1 ? "" : """
            <nav class="pagination" aria-label="Pages of milestones"><ul class="pagination__list">\((1...pages).map { p -> HTML in
                p == page ? "<li><a href=\"?page=\(p)\" aria-current=\"page\">\(p)</a></li>" : "<li><a href=\"?page=\(p)\">\(p)</a></li>"
            })</ul></nav>
            """
        let narrative = [("Background", area.background), ("Key achievements", area.achievements), ("Areas where work continues to progress", area.continuing)]
            .filter { !$0.1.isEmpty }.map { "<h3>\($0.0)</h3>" + BoardPackHTML.paragraphs($0.1) }
        return """
        \(Layout.breadcrumbs(base.isPreview ? [(base.path, "Preview of \(content.period)")] : [("/public", "Published plans"), (base.path, "\(content.planTitle): \(content.period)")]))
        <h1>\(area.name)</h1>
        <p class="lead">\(content.period), \(content.months). \(area.percentComplete)% of its \(area.total) milestones completed. Rated \(area.rating ?? "without a rating").</p>
        \(narrative.isEmpty ? HTML("") : narrative.reduce(HTML(""), +))
        <h2>Milestones\(pages > 1 ? " (page \(page) of \(pages))" : "")</h2>
        <table class="table"><caption class="visually-hidden">Milestones of \(area.name)</caption>
        <thead><tr><th scope="col">Ref</th><th scope="col">Milestone</th><th scope="col">Lead officers</th><th scope="col">Deadline</th><th scope="col">Revised deadline</th><th scope="col">Status</th><th scope="col">Update</th></tr></thead><tbody>\(rows)</tbody></table>
        \(pager)
        """
    }
}
