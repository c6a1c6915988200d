import Fluent
import Vapor
import WaymarkCore

/// `waymark status --plan 1 --as-of 2017-12-31`: the per-area status table.
struct StatusCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "as-of", help: "the day to work statuses out for, YYYY-MM-DD (default today)") var asOf: String?
        @Option(name: "format", help: "table (default), csv or json") var format: String?
        @Option(name: "recorded-on", help: "show the plan as it stood at the end of this day, YYYY-MM-DD, rebuilt from the audit trail") var recordedOn: String?
    }

    var help: String { "Prints each area's milestone statuses and % complete." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let format = try OutputFormat.parse(signature.format)
        let asOf = try AsOf.parse(signature.asOf)
        guard let reference = signature.plan else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        let db = context.application.db
        let plan = try await PlanLookup.require(reference, on: db)
        let report = if let recordedOn = signature.recordedOn {
            try await PointInTimeService.report(for: plan, at: AsOf.end(of: try AsOf.parse(recordedOn, field: "--recorded-on")), asOf: asOf, on: db)
        } else {
            try await PlanStatusService.report(for: plan, asOf: asOf, on: db)
        }
        context.console.output(try Self.render(report, format: format).consoleText(), newLine: false)
    }

    static func render(_ report: PlanStatusReport, format: OutputFormat) throws -> String {
        if format == .json { return try OutputFormat.json(report) }
        // One column per status of the plan's scheme, named as the scheme names it.
        let scheme = report.fullScheme
        let headers = ["Area"] + scheme.statuses.map(\.short) + ["Active", "% complete", "% \(scheme.goodWords)"]
        let rows = (report.areas + [report.total]).map { row -> [String] in
            let c = row.counts
            let percents = format == .csv
                ? [row.percentComplete.map(String.init) ?? "", row.percentCompletedOrOnTarget.map(String.init) ?? ""]
                : [row.percentComplete.percentText, row.percentCompletedOrOnTarget.percentText]
            return [row.name] + scheme.statuses.map { String(c[code: $0.code]) } + [String(c.active)] + percents
        }
        let numbers = Set(1..<headers.count)
        let table = OutputFormat.render(format, headers: headers, rows: rows, rightAligned: numbers, numberColumns: numbers)
        guard format == .table else { return table }
        var heading = "\(report.planTitle): status as of \(CalendarDate(iso: report.asOf)?.display ?? report.asOf)\n\n"
        heading += table
        heading += "\n\(report.summary)."
        if report.total.counts.withdrawn > 0 { heading += " \(report.total.counts.withdrawn) withdrawn milestone(s) are not counted." }
        return heading + "\n"
    }
}
