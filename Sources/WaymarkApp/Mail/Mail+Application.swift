import NIOCore
import Vapor

extension Application {
    struct MailerKey: StorageKey { typealias Value = SMTPClient }

    /// The configured mail server, or nil: then reminders wait in the outbox and nothing fails.
    var mailer: SMTPClient? { storage[MailerKey.self] }

    /// Reads WAYMARK_SMTP_URL and WAYMARK_MAIL_FROM; a malformed URL stops start-up with a clear message.
    func configureMail() throws {
        guard let url = Environment.get("WAYMARK_SMTP_URL"), !url.isEmpty else { return }
        let from = Environment.get("WAYMARK_MAIL_FROM") ?? "waymark@localhost"
        switch SMTPClient.Configuration.parse(url, from: from) {
        case .success(let configuration): storage[MailerKey.self] = SMTPClient(configuration: configuration, group: eventLoopGroup)
        case .failure(let error): throw StartupError(error.message)
        }
    }

    var reminderService: ReminderService {
        ReminderService(db: db, mailer: mailer, publicURL: Environment.get("WAYMARK_PUBLIC_URL"))
    }
}

/// Checks for reminders that have fallen due (the week before a period ends) every hour while
/// serving, and applies the retention of reviewers' accounts (`ReviewRetention`).
struct ReminderSchedule: LifecycleHandler {
    private final class Box: @unchecked Sendable { var task: RepeatedTask? }
    private let box = Box()

    func didBoot(_ application: Application) throws {
        box.task = application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
            application.eventLoopGroup.any().makeFutureWithTask {
                do {
                    let summary = try await application.reminderService.run(today: AsOf.today())
                    if summary != .init() { application.logger.info("reminders: \(summary.text)") }
                    let kept = try await ReviewRetention(db: application.db).run(today: AsOf.today(), months: try ReviewRetention.months(from: ProcessInfo.processInfo.environment))
                    if kept != .init() { application.logger.info("retention: \(kept.text)") }
                } catch {
                    application.logger.error("reminders: \(error)")
                }
            }
        }
    }

    func shutdown(_ application: Application) {
        box.task?.cancel()
    }
}
