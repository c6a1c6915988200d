import WaymarkCore

/// A horizontal stacked bar chart of milestone statuses per area, drawn as SVG on the server,
/// in the manner of the Board report's "Overall Q3 Status" chart. Every segment is labelled with
/// its count, and the page puts the same figures in a table beside it.
///
/// It is drawn twice: the wide layout, with each area's name beside its bar, for screens wider
/// than a small tablet and for print; and a narrow one, with each name above its bar, which fills
/// a phone's width so that its text stays at a readable size (WCAG 1.4.10 Reflow). The stylesheet
/// shows one of them; the other is `display:none` and so hidden from screen readers too.
enum StatusChart {
    struct Colour { let fill: String; let text: String }

    // Each fill has at least 3:1 contrast with white; labels are chosen for 4.5:1 on the fill.
    // Keyed by a scheme status's colour token; the standard scheme's tokens are its codes.
    static let colours: [String: Colour] = [
        "completed": Colour(fill: "#00703c", text: "#ffffff"), "green": Colour(fill: "#00703c", text: "#ffffff"),
        "on_target": Colour(fill: "#1d70b8", text: "#ffffff"), "blue": Colour(fill: "#1d70b8", text: "#ffffff"),
        "delayed": Colour(fill: "#ffdd00", text: "#0b0c0c"), "amber": Colour(fill: "#ffdd00", text: "#0b0c0c"),
        "overdue": Colour(fill: "#d4351c", text: "#ffffff"), "red": Colour(fill: "#d4351c", text: "#ffffff"),
    ]
    static let otherColour = Colour(fill: "#505a5f", text: "#ffffff")

    /// Where one layout puts things, in the SVG's own units.
    private struct Geometry {
        let width: Int
        let barX: Int, barWidth: Int, barHeight: Int
        /// From the top of a row to the top of its bar: 0 when the name is beside the bar.
        let barOffset: Int
        let rowHeight: Int
        let nameFontSize: Int
        let nameBeside: Bool
    }

    private static let wide = Geometry(width: 770, barX: 230, barWidth: 470, barHeight: 30, barOffset: 0, rowHeight: 48,
                                       nameFontSize: 16, nameBeside: true)
    // 320 units drawn at least 290 px wide (a 320 px screen) keeps the 14-unit counts above 12 px.
    private static let narrow = Geometry(width: 320, barX: 0, barWidth: 276, barHeight: 30, barOffset: 24, rowHeight: 72,
                                         nameFontSize: 16, nameBeside: false)

    /// One segment per status of the plan's scheme, in the scheme's order.
    static func svg(rows: [StatusRow], title: String, describedBy: String, scheme: StatusScheme = .standard) -> HTML {
        """
        \(drawing(rows: rows, title: title, describedBy: describedBy, scheme: scheme, geometry: wide, id: "\(describedBy)-chart-title", variant: "wide"))
        \(drawing(rows: rows, title: title, describedBy: describedBy, scheme: scheme, geometry: narrow, id: "\(describedBy)-chart-title-narrow", variant: "narrow"))
        <ul class="legend" aria-hidden="true">\(scheme.statuses.map { status -> HTML in
            "<li><span class=\"legend__swatch legend__swatch--\(status.colour)\"></span>\(status.short)</li>"
        })</ul>
        """
    }

    private static func drawing(rows: [StatusRow], title: String, describedBy: String, scheme: StatusScheme, geometry g: Geometry, id: String, variant: String) -> HTML {
        let top = 10
        let height = top + rows.count * g.rowHeight
        let largest = max(1, rows.map(\.counts.active).max() ?? 1)
        var parts: [HTML] = []
        for (index, row) in rows.enumerated() {
            let rowTop = top + index * g.rowHeight
            let y = rowTop + g.barOffset
            if g.nameBeside {
                parts.append("<text x=\"\(g.barX - 10)\" y=\"\(y + g.barHeight / 2 + 6)\" text-anchor=\"end\" font-size=\"\(g.nameFontSize)\" fill=\"#0b0c0c\">\(truncated(row.name))</text>")
            } else {
                parts.append("<text x=\"0\" y=\"\(rowTop + 16)\" font-size=\"\(g.nameFontSize)\" font-weight=\"700\" fill=\"#0b0c0c\">\(truncated(row.name, to: 30))</text>")
            }
            var x = Double(g.barX)
            for status in scheme.statuses {
                let count = row.counts[code: status.code]
                guard count > 0 else { continue }
                let w = Double(g.barWidth) * Double(count) / Double(largest)
                let colour = colours[status.colour] ?? otherColour
                parts.append("<rect x=\"\(format(x))\" y=\"\(y)\" width=\"\(format(w))\" height=\"\(g.barHeight)\" fill=\"\(colour.fill)\" stroke=\"#ffffff\" stroke-width=\"1\"><title>\(row.name): \(count) \(status.short)</title></rect>")
                if w >= 22 {
                    parts.append("<text x=\"\(format(x + w / 2))\" y=\"\(y + g.barHeight / 2 + 5)\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"700\" fill=\"\(colour.text)\">\(count)</text>")
                }
                x += w
            }
            parts.append("<text x=\"\(format(x + 8))\" y=\"\(y + g.barHeight / 2 + 5)\" font-size=\"14\" fill=\"#0b0c0c\">\(row.counts.active)</text>")
        }
        return """
        <svg class="chart chart--\(variant)" role="img" aria-labelledby="\(id)" aria-describedby="\(describedBy)" viewBox="0 0 \(g.width) \(height)" width="\(g.width)" height="\(height)" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)">\(title)</title>
        \(parts)
        </svg>
        """
    }

    private static func truncated(_ name: String, to length: Int = 28) -> String {
        name.count > length ? String(name.prefix(length - 1)) + "…" : name
    }

    private static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
