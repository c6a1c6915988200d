import WaymarkCore

/// A horizontal stacked bar chart of milestone statuses per area, drawn as SVG on the server,
/// in the manner of the Board report's "Overall Q3 Status" chart. Every segment is labelled with
/// its count, and the page puts the same figures in a table beside it.
enum StatusChart {
    struct Colour { let fill: String; let text: String }

    // Each fill has at least 3:1 contrast with white; labels are chosen for 4.5:1 on the fill.
    static let colours: [MilestoneStatus: Colour] = [
        .completed: Colour(fill: "#00703c", text: "#ffffff"),
        .onTarget: Colour(fill: "#1d70b8", text: "#ffffff"),
        .delayed: Colour(fill: "#ffdd00", text: "#0b0c0c"),
        .overdue: Colour(fill: "#d4351c", text: "#ffffff"),
    ]

    static func svg(rows: [StatusRow], title: String, describedBy: String) -> HTML {
        let labelWidth = 230, barWidth = 470, barHeight = 30, gap = 18, top = 10
        let width = labelWidth + barWidth + 70
        let height = top + rows.count * (barHeight + gap)
        let largest = max(1, rows.map(\.counts.active).max() ?? 1)
        var parts: [HTML] = []
        for (index, row) in rows.enumerated() {
            let y = top + index * (barHeight + gap)
            parts.append("<text x=\"\(labelWidth - 10)\" y=\"\(y + barHeight / 2 + 6)\" text-anchor=\"end\" font-size=\"16\" fill=\"#0b0c0c\">\(truncated(row.name))</text>")
            var x = Double(labelWidth)
            for status in MilestoneStatus.allCases {
                let count = row.counts[status]
                guard count > 0 else { continue }
                let w = Double(barWidth) * Double(count) / Double(largest)
                let colour = colours[status]!
                parts.append("<rect x=\"\(format(x))\" y=\"\(y)\" width=\"\(format(w))\" height=\"\(barHeight)\" fill=\"\(colour.fill)\" stroke=\"#ffffff\" stroke-width=\"1\"><title>\(row.name): \(count) \(status.label)</title></rect>")
                if w >= 22 {
                    parts.append("<text x=\"\(format(x + w / 2))\" y=\"\(y + barHeight / 2 + 5)\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"700\" fill=\"\(colour.text)\">\(count)</text>")
                }
                x += w
            }
            parts.append("<text x=\"\(format(x + 8))\" y=\"\(y + barHeight / 2 + 5)\" font-size=\"14\" fill=\"#0b0c0c\">\(row.counts.active)</text>")
        }
        return """
        <svg class="chart" role="img" aria-labelledby="chart-title" aria-describedby="\(describedBy)" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" xmlns="http://www.w3.org/2000/svg">
        <title id="chart-title">\(title)</title>
        \(parts)
        </svg>
        <ul class="legend" aria-hidden="true">\(MilestoneStatus.allCases.map { status -> HTML in
            "<li><span class=\"legend__swatch legend__swatch--\(status.rawValue)\"></span>\(status.label)</li>"
        })</ul>
        """
    }

    private static func truncated(_ name: String) -> String {
        name.count > 28 ? String(name.prefix(27)) + "…" : name
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
