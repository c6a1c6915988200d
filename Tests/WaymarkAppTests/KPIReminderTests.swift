import Fluent
import Foundation
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// The quarterly reminders list the KPIs a lead officer owns that have no value for the period.
@Suite struct KPIReminderTests {
    @Test(arguments: TestDatabase.allCases)
    func ownersAreRemindedOfKPIsWithoutValues(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let planID = try await importSeedPlan(app).planID
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let text = """
                KPI,Owner,Frequency,Period,Value
                Twitter followers,Lucy Marsh,quarterly,Q2 2017-18,12000
                Complaints answered on time,Lucy Marsh,monthly,Oct 2017,95
                Staff trained,Lucy Marsh,quarterly,Q3 2017-18,80
                """
            _ = try await KPIImportService(db: app.db, actor: "test").run(try KPIFileLoader.load(Array(text.utf8), fileName: "k.csv").document,
                                                                          planID: planID, fileName: "k.csv")
            _ = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: planID, label: "Q3 2017-18")
            _ = try await ReminderService(db: app.db, mailer: nil, publicURL: nil).run(today: CalendarDate(iso: "2017-10-02")!)
            let lucy = try #require(try await Reminder.query(on: app.db).join(Person.self, on: \Reminder.$person.$id == \Person.$id)
                .filter(Person.self, \.$name == "Lucy Marsh").first())
            #expect(lucy.subject.contains(" milestones and 2 KPIs in "), "\(lucy.subject)")
            #expect(lucy.body.contains("These KPIs you own have no value for the period yet:\n\n- Complaints answered on time (each month of Q3 2017-18)\n- Twitter followers (Q3 2017-18)"))
            #expect(!lucy.body.contains("- Staff trained"))
        }
    }
}
