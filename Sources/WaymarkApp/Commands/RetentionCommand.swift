import Vapor
import WaymarkCore

/// `waymark retention [--as-of DAY]`: disables reviewers' accounts past their last day and deletes
/// those of reviews closed longer ago than `WAYMARK_REVIEWER_RETENTION_MONTHS`. `waymark serve`
/// also does this every hour.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "as-of", help: "the day to act as if it were, YYYY-MM-DD (default today)") var asOf: String?
    }

    var help: String { "Disables and, after the retention time, deletes reviewers' accounts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let months = context.application.settings.reviewerRetentionMonths
        let outcome = try await ReviewRetention(db: context.application.db).run(today: try AsOf.parse(signature.asOf), months: months)
        context.console.print(outcome.text.prefix(1).uppercased() + outcome.text.dropFirst() + ".")
    }
}
