import WaymarkCore

extension BoardPackHTML {
    /// Progress against each recommendation of an independent review that the plan's milestones
    /// answer: how the Board follows a peer challenge's action plan through its usual reports.
    static func recommendationProgress(_ report: PeriodReport) -> HTML {
        guard !report.recommendations.isEmpty else { return "" }
        var reviews: [(title: String, rows: [PeriodReport.RecommendationRow])] = []
        for row in report.recommendations {
            if reviews.last?.title == row.reviewTitle { reviews[reviews.count - 1].rows.append(row) } else { reviews.append((row.reviewTitle, [row])) }
        }
        let sections = reviews.enumerated().map { index, review -> HTML in
            let rows = review.rows.map { row -> HTML in
                let milestones = row.lines.map { line -> HTML in
                    let status: HTML = report.status(of: line).map { Layout.statusTag($0.short, key: $0.colour) } ?? Layout.statusTag("Withdrawn", key: "withdrawn")
                    return "<li>\(line.ref) \(line.title), \(line.deadlineText) \(status)</li>"
                }
                return """
                <tr><th scope="row">Recommendation \(row.number)</th><td>\(paragraphs(row.text))</td>
                <td><ul class="list">\(milestones)</ul></td><td>\(report.progress(of: row))</td></tr>
                """
            }
            return """
            <table class="table" id="recommendations-\(index + 1)"><caption>\(review.title): recommendations and the milestones that answer them, as at \(report.asOf.display)</caption>
            <thead><tr><th scope="col">Recommendation</th><th scope="col">What the review recommended</th><th scope="col">Milestones</th><th scope="col">Progress</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        }
        return """
        <h2>Progress against the review's recommendations</h2>
        <p>Each recommendation these milestones answer, with the status of each milestone in the criteria above.</p>
        \(sections)
        """
    }
}
