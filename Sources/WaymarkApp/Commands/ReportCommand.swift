import Fluent
import Foundation
import Vapor
import WaymarkCore

/// `waymark report --plan 1 --period "Q3 2017-18" --format pdf --out q3.pdf`: the Board report
/// pack for a period, as the web page gives it. A closed period reports its frozen snapshot.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "period", help: "the reporting period, such as \"Q3 2017-18\" or \"H1 2017-18\"") var period: String?
        @Option(name: "format", help: "html (default), pdf, xlsx or csv") var format: String?
        @Option(name: "out", help: "the file to write (default: print HTML or CSV to the terminal)") var out: String?
    }

    var help: String { "Writes the Board report pack for a plan's reporting period." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let reference = signature.plan else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        guard let label = signature.period else { throw CommandFailure("--period: say which period, such as \"Q3 2017-18\"") }
        let format = (signature.format ?? "html").lowercased()
        guard ["html", "pdf", "xlsx", "csv"].contains(format) else { throw CommandFailure("--format: \"\(format)\" is not a format; use html, pdf, xlsx or csv") }
        if (format == "pdf" || format == "xlsx") && signature.out == nil { throw CommandFailure("--out: \(format) is binary; give a file to write it to") }
        let period: ReportingPeriod
        switch ReportingPeriod.parse(label) {
        case .success(let parsed): period = parsed
        case .failure(let error): throw CommandFailure("--period: \(error.description)")
        }
        let db = context.application.db
        let plan = try await PlanLookup.require(reference, on: db)
        let record = try await PlanReportingPeriod.query(on: db).filter(\.$plan.$id == plan.requireID()).filter(\.$label == period.label).first()
        let clock = ContinuousClock()
        let started = clock.now
        let report = try await PeriodReport.build(plan: plan, period: period, record: record, today: AsOf.today(), on: db)
        let built = clock.now
        let bytes: [UInt8]
        switch format {
        case "pdf": bytes = try Self.pdf(report, browser: PDFPrinter.browser(context.application.settings))
        case "xlsx": bytes = try DeliveryPlanExport.workbook(report)
        case "csv": bytes = Array(DeliveryPlanExport.csv(report).utf8)
        default: bytes = Array(BoardPackHTML.document(report, generatedOn: AsOf.today()).utf8)
        }
        if context.application.settings.timings {
            FileHandle.standardError.write(Data("timings: build \(built - started), render \(clock.now - built)\n".utf8))
        }
        guard let out = signature.out else {
            context.console.output(String(decoding: bytes, as: UTF8.self).consoleText(), newLine: false)
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandFailure("--out: cannot write \(out): \(error.localizedDescription)")
        }
        let state = report.isFinal ? "frozen snapshot as at \(report.asOf.display)" : "draft: the period is not closed; figures as at \(report.asOf.display)"
        context.console.output("Wrote \(out): \(report.planTitle), \(report.period.label), \(report.lines.count) milestones (\(state)).".consoleText())
    }

    private static func pdf(_ report: PeriodReport, browser: String?) throws -> [UInt8] {
        do { return try PDFPrinter.pdf(fromHTML: BoardPackHTML.document(report, generatedOn: AsOf.today()), browser: browser) } catch let error as PDFPrinter.Unavailable {
            throw CommandFailure(error.description)
        }
    }
}
