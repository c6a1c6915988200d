import Fluent
import Foundation
import Vapor
import WaymarkCore

/// `waymark import FILE [--plan "Title"]`: reads a plan file and writes it, all or nothing.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a delivery plan (.txt copied from the plan document) or a CSV/TSV with a header row")
        var file: String
        @Option(name: "plan", help: "the plan to import into, by id or title; created if it does not exist")
        var plan: String?
    }

    var help: String { "Imports a plan from a file. Nothing is written unless the whole file is correct." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the file (does it exist?)")
        }
        let fileName = (path as NSString).lastPathComponent
        let clock = ContinuousClock()
        let started = clock.now
        let document: PlanDocument
        do {
            document = try PlanFileReader.read(Array(data), today: AsOf.today()).document
        } catch {
            throw CommandFailure("\(fileName): the file was not imported; nothing was changed. \(error.problems.count) problem(s):\n"
                + error.problems.map { "  \(fileName): \($0)" }.joined(separator: "\n"))
        }
        for warning in document.warnings {
            FileHandle.standardError.write(Data("warning: \(fileName): \(warning)\n".utf8))
        }

        let read = clock.now
        let bar = ProgressBar(total: document.milestoneCount, label: "Importing \(fileName)")
        let service = PlanImportService(db: context.application.db, actor: "command line")
        var progress: PlanImportService.Progress?
        if let bar {
            progress = { done, _ in bar.update(done) }
        }
        let outcome = try await service.run(document, planReference: signature.plan, fileName: fileName, progress: progress)
        bar?.finish()
        if ProcessInfo.processInfo.environment["WAYMARK_TIMINGS"] != nil {
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
