import WaymarkCore

extension BoardPackHTML {
    /// Each register's counts by stage, what came in and went out this period, and the oldest
    /// open item: the figures the Board asked for on the Clear Up Project.
    static func registers(_ report: PeriodReport) -> HTML {
        guard !report.registers.isEmpty else { return "" }
        let sections = report.registers.enumerated().map { index, summary -> HTML in
            let rows = summary.stages.map { stage -> HTML in
                "<tr><th scope=\"row\">\(stage.name)\(stage.closes ? " (closed)" : "")</th><td class=\"numeric\">\(stage.count)</td></tr>"
            }
            return """
            <h3>\(summary.name)</h3>
            <p>\(summary.sentence)</p>
            <table class="table" id="register-\(index + 1)"><caption>\(summary.name): items by stage as at \(CalendarDate(iso: summary.asOf)?.display ?? summary.asOf)</caption>
            <thead><tr><th scope="col">Stage</th><th scope="col" class="numeric">Items</th></tr></thead>
            <tbody>\(rows)<tr class="table__total"><th scope="row">Total</th><td class="numeric">\(summary.total)</td></tr></tbody></table>
            """
        }
        return "<h2>Registers</h2>\(sections)"
    }
}
