import Fluent
import Foundation
import Vapor
import WaymarkCore

/// `waymark import FILE [--plan "Title"]`: reads a plan file and writes it, all or nothing.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a delivery plan (.txt copied from the plan document), a CSV/TSV with a header row, or an .xlsx workbook")
        var file: String
        @Option(name: "plan", help: "the plan to import into, by id or title; created if it does not exist")
        var plan: String?
        @Option(name: "sheet", help: "in a workbook, the sheet to read (default: every sheet laid out as a plan table)")
        var sheet: String?
        @Flag(name: "preview", help: "show what would change, and change nothing")
        var preview: Bool
        @Option(name: "scheme", help: "the status scheme of a new plan, in whose words the file's statuses are read (see `waymark schemes`; default: the plan's own, or standard)")
        var scheme: String?
        @Option(name: "as-of", help: "the day the file's statuses were reported for, YYYY-MM-DD (default: today)")
        var asOf: String?
    }

    var help: String { "Imports a plan from a file. Nothing is written unless the whole file is correct." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the file (does it exist?)")
        }
        let fileName = (path as NSString).lastPathComponent
        guard !data.isEmpty else {
            throw CommandFailure("\(fileName): the selected file is empty; nothing was changed")
        }
        var chosen: StatusScheme?
        if let code = signature.scheme {
            guard let scheme = try await StatusSchemeService.find(code, on: context.application.db) else {
                let known = try await StatusSchemeService.all(on: context.application.db).map(\.code).joined(separator: ", ")
                throw CommandFailure("--scheme: \"\(code)\" is not a status scheme; use \(known) (see `waymark schemes`)")
            }
            chosen = scheme
        }
        let reportedOn = try signature.asOf.map { text in
            guard let day = CalendarDate(iso: text) else { throw CommandFailure("--as-of: \"\(text)\" is not a date; write it as YYYY-MM-DD") }
            return day
        } ?? AsOf.today()
        // Statuses are read in the plan's own words when the file goes into a plan that exists.
        var existing: Plan?
        if let reference = signature.plan { existing = try await PlanLookup.find(reference, on: context.application.db, required: false) }
        if let chosen, let existing, chosen.code != existing.scheme.code {
            throw CommandFailure("--scheme: the plan \"\(existing.title)\" uses the \(existing.scheme.code) status scheme, not \(chosen.code). "
                + "Import without --scheme to use the plan's own, or change the plan's scheme on its settings page first. Nothing was changed.")
        }
        let readIn = chosen ?? existing?.scheme ?? .standard
        let clock = ContinuousClock()
        let started = clock.now
        let document: PlanDocument
        do {
            document = try PlanFileLoader.load(Array(data), fileName: fileName, sheet: signature.sheet, today: AsOf.today(), scheme: readIn).document
        } catch let failure as ImportFailure {
            throw CommandFailure("\(fileName): the file was not imported; nothing was changed. \(Plural.count(failure.problems.count, "problem")):\n"
                + failure.problems.map { "  \(fileName): \($0)" }.joined(separator: "\n"))
        } catch let unreadable as PlanFileLoader.Unreadable {
            throw CommandFailure(unreadable.description + "; nothing was changed")
        }
        for warning in document.warnings {
            FileHandle.standardError.write(Data("warning: \(fileName): \(warning)\n".utf8))
        }

        let read = clock.now
        if signature.preview {
            let preview = try await PlanImportService(db: context.application.db, actor: "command line", scheme: chosen, reportedOn: reportedOn)
                .preview(document, planReference: signature.plan, fileName: fileName)
            let target = preview.outcome.createdPlan ? "a new plan \"\(preview.outcome.planTitle)\"" : "plan \(preview.outcome.planID) \"\(preview.outcome.planTitle)\""
            context.console.print("Preview of importing \(fileName) into \(target); nothing has been changed.")
            context.console.print(preview.outcome.summary.prefix(1).uppercased() + preview.outcome.summary.dropFirst() + ".")
            for change in preview.changes { context.console.print("  " + change) }
            return
        }
        let bar = ProgressBar(total: document.milestoneCount, label: "Importing \(fileName)")
        let service = PlanImportService(db: context.application.db, actor: "command line", scheme: chosen, reportedOn: reportedOn)
        var progress: PlanImportService.Progress?
        if let bar {
            progress = { done, _ in bar.update(done) }
        }
        let outcome = try await service.run(document, planReference: signature.plan, fileName: fileName, progress: progress)
        bar?.finish()
        if context.application.settings.timings {
            FileHandle.standardError.write(Data("timings: read \(read - started), write \(clock.now - read)\n".utf8))
        }
        let verb = outcome.createdPlan ? "Created" : "Updated"
        context.console.print("\(verb) plan \(outcome.planID) \"\(outcome.planTitle)\" from \(fileName): "
            + "\(document.areas.count) areas, \(document.activityCount) activities, \(document.milestoneCount) milestones, "
            + "\(document.people.count) lead officers.")
        context.console.print(outcome.summary.prefix(1).uppercased() + outcome.summary.dropFirst() + ".")
    }
}

/// A one-line progress bar on a terminal, for files large enough to wait for. Nothing is drawn
/// when standard output is a file or a pipe, so scripted output stays clean.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let label: String
    private var lastDrawn = -1

    init?(total: Int, label: String, threshold: Int = 5_000) {
        guard total >= threshold, isatty(STDOUT_FILENO) == 1 else { return nil }
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardOutput.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    func finish() {
        update(total)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
