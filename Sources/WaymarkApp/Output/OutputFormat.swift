import Foundation
import WaymarkCore

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

    /// Renders headed columns as an aligned text table or as RFC 4180 CSV. CSV is meant to be
    /// opened in a spreadsheet, so its text cells are neutralised against formulas (see `csv`);
    /// `numberColumns` names the columns that hold numbers, which are written as they are.
    static func render(_ format: OutputFormat, headers: [String], rows: [[String]], rightAligned: Set<Int> = [], numberColumns: Set<Int> = []) -> String {
        switch format {
        case .csv:
            return csv(headers: headers, rows: rows, numberColumns: numberColumns)
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

    /// RFC 4180 CSV for a spreadsheet: each text cell that starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return gets a leading `'` (`SpreadsheetText.neutralised`), so Excel and
    /// LibreOffice show it rather than run it; `waymark import` takes the `'` off again. A cell in
    /// one of `numberColumns` is written as it is when it is a number ("-3", "22") or empty;
    /// anything else there is treated as text.
    static func csv(headers: [String], rows: [[String]], numberColumns: Set<Int> = []) -> String {
        let neutralised = rows.map { row in
            row.enumerated().map { index, cell in
                numberColumns.contains(index) && isNumber(cell) ? cell : SpreadsheetText.neutralised(cell)
            }
        }
        return csvLines([headers.map(SpreadsheetText.neutralised)] + neutralised)
    }

    /// Cells already as they are to be written (see `XLSXWriter.Cell.csvText`), quoted where
    /// RFC 4180 needs it.
    static func csvLines(_ rows: [[String]]) -> String {
        rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// An empty cell, or a whole or decimal number a spreadsheet reads as one.
    static func isNumber(_ cell: String) -> Bool {
        cell.isEmpty || Int(cell) != nil || (Double(cell)?.isFinite == true && cell.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
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
