import Fluent
import SQLKit
import Foundation
import WaymarkCore

/// Asks lead officers for their updates: when a period opens, and again seven days before it
/// ends, each lead officer with milestones still needing an update gets one email listing them.
/// Running it again sends nothing twice; with no mail server the reminders wait in the outbox.
struct ReminderService {
    let db: any Database
    let mailer: SMTPClient?
    /// Where the emails point people, such as https://waymark.council.gov.uk.
    let publicURL: String?

    static let daysBeforeEnd = 7

    struct Summary: Sendable, Equatable {
        /// `noAddress`: reminders to lead officers with no email address, which wait until one is added.
        var created = 0, sent = 0, waiting = 0, failed = 0, noAddress = 0
        var text: String {
            "\(Plural.count(created, "reminder")) written; \(sent) sent, \(waiting) waiting in the outbox, \(failed) failed, "
                + "\(noAddress) with no email address"
        }
    }

    /// Where each lead officer's reminders go now: their own email address, or else that of the
    /// account linked to them. A lead officer missing here has no address to send to.
    static func addresses(on db: any Database) async throws -> [Int: String] {
        var addresses = Dictionary(try await User.query(on: db).filter(\.$person.$id != nil).all().map { ($0.$person.id ?? 0, $0.email) },
                                   uniquingKeysWith: { first, _ in first })
        for person in try await Person.query(on: db).filter(\.$email != nil).all() {
            if let email = person.email, !email.isEmpty { addresses[person.id ?? 0] = email }
        }
        return addresses
    }

    /// - Parameter deliver: false writes the reminders that are due and leaves sending to a later run.
    func run(today: CalendarDate, deliver: Bool = true) async throws -> Summary {
        var summary = Summary()
        for period in try await PlanReportingPeriod.query(on: db).filter(\.$state == .open).all() {
            guard let end = CalendarDate(iso: period.endsOn) else { continue }
            let closingWeek = today >= end.adding(days: -Self.daysBeforeEnd)
            let written = Set(try await Reminder.query(on: db).filter(\.$period.$id == period.requireID()).all().map(\.occasion))
            // One email at a time: a period opened in its last week (or later) gets the closing reminder only.
            if written.isEmpty || written == [.opening] {
                summary.created += try await write(closingWeek ? .closing : .opening, for: period)
            }
        }
        let waiting = try await Reminder.query(on: db).filter(\.$state ~~ [.outbox, .failed, .sending]).all()
        // An address added since the reminder was written is used; without one it cannot go at all.
        let current = waiting.contains { $0.address == nil } ? try await Self.addresses(on: db) : [:]
        for reminder in waiting {
            if reminder.address == nil, let address = current[reminder.$person.id] {
                reminder.address = address
                try await db.writeTransaction { tx in try await reminder.save(on: tx) }
            }
            guard let address = reminder.address else { summary.noAddress += 1; continue }
            guard deliver, let mailer else { summary.waiting += 1; continue }
            // Another server running at the same moment may have taken it; only the claimant sends.
            guard try await claim(reminder) else { continue }
            do {
                try await mailer.send(.init(to: address, subject: reminder.subject, body: reminder.body))
                reminder.state = .sent
                reminder.sentAt = Date()
                reminder.detail = nil
                summary.sent += 1
            } catch {
                reminder.state = .failed
                reminder.detail = String(describing: error)
                summary.failed += 1
            }
            try await db.writeTransaction { tx in try await reminder.save(on: tx) }
        }
        return summary
    }

    /// A claim left by a server that stopped mid-send lapses after this long, so the reminder is
    /// sent on a later run rather than never; a mail server answers far sooner.
    static let claimLapsesAfterSeconds: Double = 600

    /// Marks the reminder as being sent by this run, if it is still waiting (or its last claim
    /// has lapsed). One conditional update decides between servers: exactly one gets the row.
    private func claim(_ reminder: Reminder) async throws -> Bool {
        struct Row: Decodable { var id: Int }
        let now = Date().timeIntervalSince1970
        let claimed = try await db.writeTransaction { tx in
            try await tx.sql.raw("""
                UPDATE reminders SET state = 'sending', claimed_at = \(bind: now)
                WHERE id = \(bind: try reminder.requireID())
                  AND (state IN ('outbox', 'failed') OR (state = 'sending' AND claimed_at < \(bind: now - Self.claimLapsesAfterSeconds)))
                RETURNING id
                """).all(decoding: Row.self)
        }
        guard claimed.count == 1 else { return false }
        reminder.state = .sending
        reminder.claimedAt = now
        return true
    }

    /// Writes the reminders for one occasion, for leads who have none yet; returns how many.
    private func write(_ occasion: Reminder.Occasion, for period: PlanReportingPeriod) async throws -> Int {
        let periodID = try period.requireID()
        let already = Set(try await Reminder.query(on: db).filter(\.$period.$id == periodID).filter(\.$occasion == occasion).all().map { $0.$person.id })
        guard let plan = try await Plan.find(period.$plan.id, on: db), let start = CalendarDate(iso: period.startsOn), let end = CalendarDate(iso: period.endsOn) else { return 0 }
        // A closed plan's open work continues in its successor, which reminds its leads itself.
        guard plan.state != .closed else { return 0 }
        let updated = Set(try await MilestoneUpdate.query(on: db).join(Milestone.self, on: \MilestoneUpdate.$milestone.$id == \Milestone.$id)
            .filter(Milestone.self, \.$plan.$id == period.$plan.id).filter(\.$createdAt >= AsOf.start(of: start))
            .field(\.$milestone.$id).all().map { $0.$milestone.id })
        let milestones = try await Milestone.query(on: db).filter(\.$plan.$id == period.$plan.id).filter(\.$lifecycle == .active)
            .filter(\.$completedDate == nil).with(\.$activity).with(\.$leads).all()
            .filter { !updated.contains($0.id ?? 0) }
            .sorted { ($0.activity.number, $0.position) < ($1.activity.number, $1.position) }
        var byLead: [Int: (person: Person, items: [Milestone], kpis: [KPI])] = [:]
        for milestone in milestones {
            for person in milestone.leads { byLead[person.id ?? 0, default: (person, [], [])].items.append(milestone) }
        }
        // The KPIs they own with no value for the period go in the same email.
        for (ownerID, owned) in try await kpisWithoutValues(planID: period.$plan.id, period: period) {
            byLead[ownerID, default: (owned.person, [], [])].kpis = owned.kpis
        }
        let addresses = try await Self.addresses(on: db)
        let fresh = byLead.values.filter { !already.contains($0.person.id ?? 0) }.sorted { $0.person.name < $1.person.name }
        guard !fresh.isEmpty else { return 0 }
        try await db.writeTransaction { tx in
            for (person, items, kpis) in fresh {
                let things = [items.isEmpty ? nil : Plural.count(items.count, "milestone"), kpis.isEmpty ? nil : Plural.count(kpis.count, "KPI")]
                    .compactMap { $0 }.joined(separator: " and ")
                let reminder = Reminder()
                reminder.$period.id = periodID
                reminder.$person.id = try person.requireID()
                reminder.occasion = occasion
                reminder.address = addresses[person.id ?? 0]
                reminder.subject = occasion == .opening
                    ? "\(period.label): please update \(things) in \(plan.title)"
                    : "\(period.label) ends on \(end.display): \(things) still \(items.count + kpis.count == 1 ? "needs" : "need") your update"
                reminder.body = body(person: person, plan: plan, period: period, end: end, items: items, kpis: kpis, occasion: occasion)
                reminder.state = .outbox
                try await reminder.create(on: tx)
            }
            try await AuditLog.record(.init(actor: "Waymark", action: "reminders.written", entity: "reporting_period", entityID: periodID, planID: period.$plan.id,
                                            summary: "Wrote \(Plural.count(fresh.count, "reminder")) for \(period.label) (\(occasion.label.lowercased()))"), on: tx)
        }
        return fresh.count
    }

    private func body(person: Person, plan: Plan, period: PlanReportingPeriod, end: CalendarDate, items: [Milestone], kpis: [KPI], occasion: Reminder.Occasion) -> String {
        let opening = occasion == .opening
            ? "\(period.label) of \(plan.title) is open for updates. Please record progress on the milestones you lead by \(end.display):"
            : "\(period.label) of \(plan.title) ends on \(end.display). These milestones you lead have no update yet this period:"
        var list = items.map { "- \(References.milestone(own: $0.reference, activityReference: $0.activity.reference, activityNumber: $0.activity.number, position: $0.position)) \($0.title) (deadline: \($0.deadlineText))" }.joined(separator: "\n")
        if items.isEmpty { list = "- none: thank you" }
        if !kpis.isEmpty { list += "\n\nThese KPIs you own have no value for the period yet:\n\n" + Self.kpiLines(kpis, period: period) }
        // Without WAYMARK_PUBLIC_URL there is no address to link to, so the page is named instead.
        let whereTo = publicURL.map { "at " + ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/my-milestones" } ?? "in Waymark, under My milestones"
        return "Dear \(person.name),\n\n\(opening)\n\n\(list)\n\nRecord your updates \(whereTo).\n\nThank you,\nWaymark, for the Strategy, Policy and Performance team\n"
    }
}
