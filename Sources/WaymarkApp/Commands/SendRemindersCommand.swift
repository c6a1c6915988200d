import Vapor
import WaymarkCore

/// `waymark send-reminders [--as-of DAY]`: writes the reminders that have fallen due and sends
/// those waiting, for cron or by hand. `waymark serve` also does this every hour.
struct SendRemindersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "as-of", help: "the day to act as if it were, YYYY-MM-DD (default today)") var asOf: String?
    }

    var help: String { "Emails lead officers whose milestones still need an update in an open period." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let summary = try await context.application.reminderService.run(today: try AsOf.parse(signature.asOf))
        context.console.print(summary.text.prefix(1).uppercased() + summary.text.dropFirst() + "."
            + (context.application.mailer == nil ? " No mail server is configured (WAYMARK_SMTP_URL), so reminders wait in the outbox." : ""))
    }
}
