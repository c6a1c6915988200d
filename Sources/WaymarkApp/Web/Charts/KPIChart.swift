import Foundation
import WaymarkCore

/// A KPI's values over time as an SVG line chart drawn on the server, with its targets as a dashed
/// line and each benchmark as a dotted one, every line named in a key in words. The page puts the
/// same figures in a table below it, so nothing is told by the drawing alone.
enum KPIChart {
    struct Series {
        var periods: [String]
        var values: [ExactNumber?]
        var targets: [ExactNumber?]
        var benchmarks: [(source: String, value: ExactNumber)]
        var unit: KPIUnit
    }

    static let valueColour = "#1d70b8", targetColour = "#0b0c0c", benchmarkColours = ["#6f72af", "#b58840", "#28a197", "#d53880"]

    static func svg(_ s: Series, title: String, id: String) -> HTML {
        let width = 640.0, height = 300.0, left = 80.0, right = 45.0, top = 20.0, bottom = 60.0
        let numbers = (s.values + s.targets).compactMap { $0 } + s.benchmarks.map(\.value)
        guard !s.periods.isEmpty, !numbers.isEmpty else { return "<p>There are no values to draw yet.</p>" }
        let doubles = numbers.map { NSDecimalNumber(decimal: $0.decimal).doubleValue }
        // Gridlines at round numbers: a step of 1, 2 or 5 times a power of ten, four or five of them.
        let rawLow = min(doubles.min()!, 0), rawHigh = max(doubles.max()!, rawLow + 1)
        let rough = (rawHigh - rawLow) / 4, magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        let low = floor(rawLow / step) * step, high = ceil(rawHigh / step) * step
        let lines = Int(((high - low) / step).rounded())
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { s.periods.count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(s.periods.count - 1) }
        func y(_ value: ExactNumber) -> Double { top + plotHeight * (1 - (NSDecimalNumber(decimal: value.decimal).doubleValue - low) / (high - low)) }
        func f(_ d: Double) -> String { String(format: "%.1f", d) }

        var parts: [String] = []
        // Axis lines and four labelled gridlines.
        for line in 0...lines {
            let value = low + step * Double(line), at = top + plotHeight * (1 - Double(line) / Double(lines))
            let label = s.unit.format(ExactNumber(Decimal(value)).divided(by: 1, places: step >= 1 ? 0 : 2))
            parts.append("<line x1=\"\(f(left))\" y1=\"\(f(at))\" x2=\"\(f(width - right))\" y2=\"\(f(at))\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>")
            parts.append("<text x=\"\(f(left - 6))\" y=\"\(f(at + 5))\" text-anchor=\"end\" font-size=\"13\" fill=\"#0b0c0c\">\(escape(label))</text>")
        }
        for (index, period) in s.periods.enumerated() where s.periods.count <= 12 || index % ((s.periods.count + 11) / 12) == 0 {
            parts.append("<text x=\"\(f(x(index)))\" y=\"\(f(height - bottom + 20))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#0b0c0c\">\(escape(period))</text>")
        }
        for (index, benchmark) in s.benchmarks.enumerated() {
            let colour = benchmarkColours[index % benchmarkColours.count]
            parts.append("<line x1=\"\(f(left))\" y1=\"\(f(y(benchmark.value)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(benchmark.value)))\" stroke=\"\(colour)\" stroke-width=\"2\" stroke-dasharray=\"2 4\"/>")
        }
        parts.append(polyline(s.targets, x: x, y: y, colour: targetColour, dash: "8 5"))
        parts.append(polyline(s.values, x: x, y: y, colour: valueColour, dash: nil))
        for (index, value) in s.values.enumerated() {
            guard let value else { continue }
            parts.append("<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(value)))\" r=\"4\" fill=\"\(valueColour)\"/>")
        }
        // The key, in words, under the axis.
        var key = ["<tspan fill=\"\(valueColour)\">● Value</tspan>", "<tspan dx=\"14\" fill=\"\(targetColour)\">– – Target</tspan>"]
        for (index, benchmark) in s.benchmarks.enumerated() {
            key.append("<tspan dx=\"14\" fill=\"\(benchmarkColours[index % benchmarkColours.count])\">··· \(escape(benchmark.source))</tspan>")
        }
        parts.append("<text x=\"\(f(left))\" y=\"\(f(height - 12))\" font-size=\"13\">\(key.joined())</text>")
        return HTML(unsafe: """
        <svg class="kpi-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" aria-describedby="\(id)-table" focusable="false">
        <title id="\(id)-title">\(escape(title))</title>
        \(parts.joined(separator: "\n"))
        </svg>
        """)
    }

    /// A small line of the values, for a table row; decoration only, since the row gives the figures.
    static func sparkline(_ values: [ExactNumber?]) -> HTML {
        let present = values.compactMap { $0 }.map { NSDecimalNumber(decimal: $0.decimal).doubleValue }
        guard present.count >= 2, let low = present.min(), let high = present.max() else { return "" }
        let span = high == low ? 1 : high - low
        let points = present.enumerated().map { index, value in
            String(format: "%.1f,%.1f", 2 + 96 * Double(index) / Double(present.count - 1), 22 - 20 * (value - low) / span)
        }
        return HTML(unsafe: "<svg class=\"sparkline\" viewBox=\"0 0 100 24\" width=\"100\" height=\"24\" aria-hidden=\"true\" focusable=\"false\"><polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(valueColour)\" stroke-width=\"2\"/></svg>")
    }

    private static func polyline(_ values: [ExactNumber?], x: (Int) -> Double, y: (ExactNumber) -> Double, colour: String, dash: String?) -> String {
        let points = values.enumerated().compactMap { index, value in value.map { String(format: "%.1f,%.1f", x(index), y($0)) } }
        guard !points.isEmpty else { return "" }
        if points.count == 1 {
            return "<circle cx=\"\(points[0].split(separator: ",")[0])\" cy=\"\(points[0].split(separator: ",")[1])\" r=\"3\" fill=\"\(colour)\"/>"
        }
        return "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
