import Foundation
import WaymarkCore

/// Turns an uploaded or named file of measurable outcomes into a `KPIDocument`: CSV or TSV text,
/// or an .xlsx workbook, told by its content as plan files are (`PlanFileLoader.table`).
enum KPIFileLoader {
    static let kind = PlanFileLoader.Kind(noun: "a file of measurable outcomes",
                                          accepted: "KPIs as CSV or TSV text, or an Excel workbook (.xlsx), one row per KPI per period",
                                          headerNeeds: "the KPI and Period columns", short: "file of KPIs")

    static func load(_ bytes: [UInt8], fileName: String, sheet: String? = nil) throws -> (document: KPIDocument, source: String) {
        switch try PlanFileLoader.table(bytes, fileName: fileName, sheet: sheet, kind: kind, isHeader: KPIFileReader.isHeader) {
        case .text:
            let text = try DelimitedText.decode(bytes)
            let firstLine = text.prefix { $0 != UInt8(ascii: "\n") }
            let delimiter = firstLine.contains(UInt8(ascii: "\t")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
            let rows = DelimitedText.rows(text, delimiter: delimiter, quoted: true, restoringText: true)
            return (try KPIFileReader.read(rows), fileName)
        case .sheets(let rows, let placed, let source):
            do {
                return (try KPIFileReader.read(rows), source)
            } catch {
                throw ImportFailure(problems: error.problems.map { placed($0) })
            }
        }
    }
}
