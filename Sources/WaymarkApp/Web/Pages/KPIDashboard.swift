import WaymarkCore

/// The dashboard's measurable outcomes: for each area, how many of its KPIs are GREEN, AMBER or
/// RED at their latest value, in a table that links to the KPIs.
enum KPIDashboard {
    static func byArea(_ report: KPIReport, areas: [String], planID: Int) -> HTML {
        guard !report.kpis.isEmpty else { return "" }
        let groups = (areas + [nil as String?]).compactMap { name -> (String, [KPIReport.Row])? in
            let kpis = report.kpis.filter { $0.area == name }
            return kpis.isEmpty ? nil : (name ?? "The whole plan", kpis)
        }
        let rows = groups.map { name, kpis -> HTML in
            func count(_ rating: KPIRating...) -> Int { kpis.filter { rating.contains($0.current?.rating ?? .noData) }.count }
            return """
            <tr><th scope="row">\(name)</th><td class="numeric">\(kpis.count)</td><td class="numeric">\(count(.green))</td>
            <td class="numeric">\(count(.amber))</td><td class="numeric">\(count(.red))</td><td class="numeric">\(count(.noData, .noTarget))</td></tr>
            """
        }
        return """
        <h2>Measurable outcomes by area</h2>
        <table class="table" id="kpi-table"><caption>KPIs by rating at their latest value</caption>
        <thead><tr><th scope="col">Area</th><th scope="col" class="numeric">KPIs</th><th scope="col" class="numeric">GREEN</th><th scope="col" class="numeric">AMBER</th>
        <th scope="col" class="numeric">RED</th><th scope="col" class="numeric">Not rated</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <p><a href="/plans/\(planID)/kpis">See every KPI, its value, target and trend</a></p>
        """
    }
}
