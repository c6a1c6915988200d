import Fluent
import Foundation
import Vapor
import WaymarkCore

/// `waymark import-kpis FILE --plan N`: measurable outcomes from CSV, TSV or .xlsx, all or nothing.
struct ImportKPIsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a CSV/TSV or .xlsx file, one row per KPI per period, with a header row naming at least KPI and Period")
        var file: String
        @Option(name: "plan", help: "the plan, by id or title") var plan: String?
        @Option(name: "sheet", help: "in a workbook, the sheet to read") var sheet: String?
    }

    var help: String { "Imports KPIs and their values. Nothing is written unless the whole file is correct." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let reference = signature.plan else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        let path = signature.file
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): cannot read the file (does it exist?)") }
        let fileName = (path as NSString).lastPathComponent
        let db = context.application.db
        let plan = try await PlanLookup.require(reference, on: db)
        do {
            let loaded = try KPIFileLoader.load(Array(data), fileName: fileName, sheet: signature.sheet)
            let outcome = try await KPIImportService(db: db, actor: "waymark import-kpis").run(loaded.document, planID: try plan.requireID(), fileName: fileName)
            context.console.print("\(loaded.source): \(outcome.summary).")
        } catch let failure as ImportFailure {
            throw CommandFailure("\(fileName): the file was not imported; nothing was changed. \(Plural.count(failure.problems.count, "problem")):\n"
                + failure.problems.map { "  \(fileName): \($0)" }.joined(separator: "\n"))
        } catch let unreadable as PlanFileLoader.Unreadable {
            throw CommandFailure(unreadable.description + "; nothing was changed")
        }
    }
}

/// `waymark kpis --plan N [--period LABEL]`: each KPI with its value, target, rating and direction.
struct KPIsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan, by id or title") var plan: String?
        @Option(name: "period", help: "a reporting period, such as \"Q3 2017-18\" (default: each KPI's latest value)") var period: String?
        @Option(name: "format", help: "table (default), csv or json") var format: String?
    }

    var help: String { "Prints each KPI's value, target, rating and direction of travel." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let format = try OutputFormat.parse(signature.format)
        guard let reference = signature.plan else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        let db = context.application.db
        let plan = try await PlanLookup.require(reference, on: db)
        let report = try await KPIReport.load(planID: try plan.requireID(), period: signature.period, on: db)
        if format == .json {
            context.console.output(try OutputFormat.json(report).consoleText(), newLine: false)
            return
        }
        let headers = ["KPI", "Area", "Period", "Value", "Target", "Rating", "Direction"]
        let rows = report.kpis.map { kpi -> [String] in
            let point = kpi.current
            let shown = { (text: String?) in text.flatMap(ExactNumber.init(parsing:)).map(kpi.unit.format) ?? "" }
            return [kpi.name, kpi.area ?? "", point.map { KPIReport.label($0.period) } ?? "", shown(point?.value) + (point?.provisional == true ? " (provisional)" : ""),
                    shown(point?.target), point?.rating.label ?? KPIRating.noData.label, point.map { "\($0.direction.arrow) \($0.direction.label)".trimmingCharacters(in: .whitespaces) } ?? ""]
        }
        context.console.output(OutputFormat.render(format, headers: headers, rows: rows, rightAligned: [3, 4], numberColumns: []).consoleText(), newLine: false)
    }
}
