import NIOCore
import SQLKit
import Vapor

extension Application {
    struct MailerKey: StorageKey { typealias Value = SMTPClient }

    /// The configured mail server, or nil: then reminders wait in the outbox and nothing fails.
    var mailer: SMTPClient? { storage[MailerKey.self] }

    /// From WAYMARK_SMTP_URL and WAYMARK_MAIL_FROM; a malformed URL stops start-up with a clear message.
    func configureMail() throws {
        guard let url = settings.smtpURL else { return }
        switch SMTPClient.Configuration.parse(url, from: settings.mailFrom) {
        case .success(let configuration): storage[MailerKey.self] = SMTPClient(configuration: configuration, group: eventLoopGroup)
        case .failure(let error): throw StartupError(error.message)
        }
    }

    var reminderService: ReminderService {
        ReminderService(db: db, mailer: mailer, publicURL: settings.publicURL)
    }
}

/// Checks for reminders that have fallen due (the week before a period ends) every hour while
/// serving, and applies the retention of reviewers' accounts (`ReviewRetention`). Every server
/// schedules the checks; the one that takes the hour's lease runs them.
struct ReminderSchedule: LifecycleHandler {
    static let lease = "hourly-checks"
    /// A little under the hour, so the next hour's check by any server finds it free.
    static let leaseSeconds: Double = 50 * 60

    private final class Box: @unchecked Sendable { var task: RepeatedTask? }
    private let box = Box()

    func didBoot(_ application: Application) throws {
        box.task = application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
            application.eventLoopGroup.any().makeFutureWithTask { try? await Self.runOnce(application) }
        }
    }

    /// This hour's checks, when this server takes the lease; false when another server has it.
    @discardableResult
    static func runOnce(_ application: Application, now: Date = Date()) async throws -> Bool {
        do {
            // Through the write gate, so on SQLite two servers' claims take turns rather than
            // one of them meeting a busy database.
            let held = try await application.db.writeTransaction { tx in
                try await JobLease.claim(lease, for: leaseSeconds, now: now, on: tx.sql)
            }
            guard held else {
                application.logger.debug("reminders: another server holds this hour's checks")
                return false
            }
            let summary = try await application.reminderService.run(today: AsOf.today())
            if summary != .init() { application.logger.info("reminders: \(summary.text)") }
            WaymarkMetrics.sentReminders(summary.sent)
            let kept = try await ReviewRetention(db: application.db).run(today: AsOf.today(), months: application.settings.reviewerRetentionMonths)
            if kept != .init() { application.logger.info("retention: \(kept.text)") }
            // After midnight every plan's stored statuses are a day old; the first list would
            // work them out, but better here than while someone waits.
            _ = try await MilestoneStatusIndex.refreshStalePlans(today: AsOf.today(), on: application.db)
            try await JobLease.finished(lease, detail: summary.text, on: application.db)
            return true
        } catch {
            application.logger.error("reminders: \(error)")
            throw error
        }
    }

    func shutdown(_ application: Application) {
        box.task?.cancel()
    }
}
