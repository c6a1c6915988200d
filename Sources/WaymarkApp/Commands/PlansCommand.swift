import Fluent
import Vapor

/// `waymark plans`: every plan with its id, state and size.
struct PlansCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "table (default), csv or json") var format: String?
    }

    var help: String { "Lists the plans." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let format = try OutputFormat.parse(signature.format)
        let summaries = try await PlanSummary.all(on: context.application.db)
        if format == .json {
            context.console.output(try OutputFormat.json(summaries).consoleText(), newLine: false)
            return
        }
        if summaries.isEmpty && format == .table {
            context.console.print("There are no plans yet. Import one with: waymark import FILE")
            return
        }
        let rows = summaries.map { [String($0.id), $0.title, $0.period ?? "", $0.state, String($0.areas), String($0.activities), String($0.milestones)] }
        context.console.output(OutputFormat.render(format, headers: ["ID", "Title", "Period", "State", "Areas", "Activities", "Milestones"],
                                                   rows: rows, rightAligned: [0, 4, 5, 6], numberColumns: [0, 4, 5, 6]).consoleText(), newLine: false)
    }
}
