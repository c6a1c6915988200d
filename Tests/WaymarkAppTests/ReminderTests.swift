import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

@Suite struct ReminderTests {
    @Test(arguments: TestDatabase.allCases)
    func leadsAreAskedOnceWhenAPeriodOpensAndAgainAWeekBeforeItEnds(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let q3 = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: plan.planID, label: "Q3 2017-18")
            let service = ReminderService(db: app.db, mailer: nil, publicURL: "https://waymark.council.test")

            let first = try await service.run(today: day("2017-10-02"))
            // Every lead officer with an unfinished milestone gets one reminder; none can be sent without a mail server,
            // and only Lucy's has an address to wait for one.
            #expect(first.created == 18 && first.sent == 0 && first.waiting == 1 && first.noAddress == 17)
            #expect(try await service.run(today: day("2017-10-03")).created == 0)

            let lucy = try #require(try await Reminder.query(on: app.db).join(Person.self, on: \Reminder.$person.$id == \Person.$id)
                .filter(Person.self, \.$name == "Lucy Marsh").first())
            // Lucy has an account (the lead officer's), so her reminder has an address.
            #expect(lucy.address == TestAccounts.email(.leadOfficer))
            #expect(lucy.subject.hasPrefix("Q3 2017-18: please update"))
            #expect(lucy.body.contains("Test the electoral register audit (deadline: May-17)"))
            #expect(lucy.body.contains("https://waymark.council.test/my-milestones"))
            let count = lucy.body.components(separatedBy: "\n- ").count - 1

            // An update this period takes the milestone off the next reminder.
            let (hers, _) = try await seedMilestones(app)
            let lead = try #require(try await User.find(accounts.ids[.leadOfficer], on: app.db))
            _ = try await MilestoneUpdateService(db: app.db, user: lead).save(milestoneID: hers.id!, input: .init(commentary: "Booked", forecast: "2017-12-01", version: 1), today: AsOf.today())
            #expect(try await service.run(today: day("2017-12-23")).created == 0)
            let closing = try await service.run(today: day("2017-12-24"))
            #expect(closing.created == 18)
            let again = try #require(try await Reminder.query(on: app.db).filter(\.$occasion == .closing).filter(\.$person.$id == lucy.$person.id).first())
            #expect(again.subject == "Q3 2017-18 ends on 31 Dec 2017: \(count - 1) milestones still need your update")
            #expect(!again.body.contains("Test the electoral register"))

            // A closed period asks nobody.
            _ = try await ReportingPeriodService(db: app.db, user: officer).closed(periodID: q3.id!, today: day("2018-01-02"))
            #expect(try await service.run(today: day("2018-01-02")).created == 0)
        }
    }

    @Test func mailServerSettingsAreCheckedAtStartUp() {
        guard case .success(let config) = SMTPClient.Configuration.parse("smtp://user%40council:p%3Ass@127.0.0.1:8025", from: "waymark@council.test") else {
            Issue.record("a good URL was refused")
            return
        }
        #expect(config.host == "127.0.0.1" && config.port == 8025 && config.username == "user@council" && config.password == "p:ss")
        guard case .failure(let error) = SMTPClient.Configuration.parse("mail.council.test", from: "x") else {
            Issue.record("a bad URL was accepted")
            return
        }
        #expect(error.message.contains("is not an smtp:// address"))
        let encoded = SMTPClient.encode(.init(to: "a@b.test", subject: "Q3: update", body: "Line one\n.hidden dot\nLast"), from: "w@council.test")
        #expect(encoded.contains("\r\n..hidden dot\r\n") && encoded.hasSuffix("Last\r\n.\r\n") && encoded.contains("Subject: Q3: update\r\n"))
    }
}

@Suite struct ClosedPlanReminderTests {
    /// A plan closed with a successor asks nobody, even with a period still open: its open work
    /// goes on in the successor, whose own periods remind its leads.
    @Test(arguments: TestDatabase.allCases)
    func aPlanClosedWithASuccessorSendsNoReminders(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            _ = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: plan.planID, label: "Q3 2017-18")
            let open = try await SuccessorPlanService.carriable(planID: plan.planID, on: app.db).compactMap(\.id)
            let started = try await SuccessorPlanService(db: app.db, user: officer).start(
                fromPlanID: plan.planID, title: "Improvement Plan 2018-19", carry: Set(open), closingOn: day("2017-09-30"), version: 0)
            #expect(started.savedValue != nil)
            let service = ReminderService(db: app.db, mailer: nil, publicURL: nil)
            #expect(try await service.run(today: day("2017-10-02")).created == 0)
        }
    }
}
