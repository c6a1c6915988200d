import Foundation

/// How a command prints its result.
enum OutputFormat: String, CaseIterable {
    case table, csv, json

    static func parse(_ text: String?) throws -> OutputFormat {
        guard let text else { return .table }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw CommandFailure("--format: \"\(text)\" is not a format; use table, csv or json")
        }
        return format
    }

    /// Renders headed columns as an aligned text table or as RFC 4180 CSV.
    static func render(_ format: OutputFormat, headers: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        switch format {
        case .csv:
            return ([headers] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .table, .json:
            var widths = headers.map(\.count)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: widths[i] - cell.count)
                    return rightAligned.contains(i) ? pad + cell : cell + pad
                }.joined(separator: "  ").trimmingTrailingSpaces()
            }
            let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
            return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
        }
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

extension Optional where Wrapped == Int {
    /// "80%", or "–" when there is nothing to divide by.
    var percentText: String { map { "\($0)%" } ?? "–" }
}
