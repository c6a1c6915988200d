import Vapor
import WaymarkCore

/// `waymark schemes`: the status schemes Waymark knows, each status with its code and kind, and
/// the lateness each late status covers.
struct SchemesCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the status schemes a plan can use." }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print(Self.text(try await StatusSchemeService.all(on: context.application.db)))
    }

    static func text(_ schemes: [StatusScheme]) -> String {
        schemes.map { scheme in
            var lines = ["\(scheme.code): \(scheme.name)"]
            for status in scheme.statuses {
                var line = "  \(status.code) – \(status.name) (\(status.kind.rawValue.replacingOccurrences(of: "_", with: " "))"
                if let band = scheme.lateBands.first(where: { $0.code == status.code }) {
                    switch band.upTo {
                    case .days(let n)?: line += ", up to \(n) day\(n == 1 ? "" : "s") late"
                    case .months(let n)?: line += ", up to \(n) month\(n == 1 ? "" : "s") late"
                    case nil: line += ", later than that"
                    }
                }
                if status.kind == .byDecision { line += ", set with a reason" }
                lines.append(line + ")")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
