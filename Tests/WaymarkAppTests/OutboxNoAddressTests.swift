import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A reminder to a lead officer with no email address can never be sent: the outbox says
/// "No address" with a link to add one, the log counts it apart, and once an address is added
/// the reminder waits to be sent to it.
@Suite struct OutboxNoAddressTests {
    @Test(arguments: TestDatabase.allCases)
    func remindersWithNoAddressSaySoAndLinkToTheLeadOfficer(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/plans/\(plan.planID)/periods")
            #expect(try await team.post("/plans/\(plan.planID)/periods", ["period": "Q3 2017-18"]).status == .seeOther)
            #expect(try await app.count("reminders") == 18)

            let service = ReminderService(db: app.db, mailer: nil, publicURL: nil)
            let summary = try await service.run(today: AsOf.today(), deliver: false)
            #expect(summary.waiting == 1 && summary.noAddress == 17)
            #expect(summary.text == "0 reminders written; 0 sent, 1 waiting in the outbox, 0 failed, 17 with no email address")

            let kerry = try #require(try await Person.query(on: app.db).filter(\.$name == "Kerry Palmer").first())
            var outbox = try await team.get("/admin/outbox").body.string
            #expect(outbox.contains("17 lead officers have no email address"))
            #expect(outbox.contains("Kerry Palmer (no email address recorded)"))
            #expect(outbox.contains("<strong class=\"tag tag--overdue\">No address</strong><br><a href=\"/people/\(kerry.id!)\">Add an email address for Kerry Palmer</a>"))
            #expect(outbox.components(separatedBy: "tag--overdue\">No address</strong>").count - 1 == 17)
            #expect(outbox.components(separatedBy: "tag--delayed\">Waiting</strong>").count - 1 == 1)

            // Once the lead officer has an address, the reminder waits for the mail server, to that address.
            _ = try await team.get("/people/\(kerry.id!)")
            #expect(try await team.post("/people/\(kerry.id!)", ["name": "Kerry Palmer", "email": "kerry@council.test"]).status == .seeOther)
            outbox = try await team.get("/admin/outbox").body.string
            #expect(outbox.contains("Kerry Palmer &lt;kerry@council.test&gt;"))
            #expect(outbox.components(separatedBy: "tag--overdue\">No address</strong>").count - 1 == 16)
            let after = try await service.run(today: AsOf.today(), deliver: false)
            #expect(after.waiting == 2 && after.noAddress == 16)
            let hers = try #require(try await Reminder.query(on: app.db).filter(\.$person.$id == kerry.id!).first())
            #expect(hers.address == "kerry@council.test")

            // An administrator, who does not manage lead officers, is told who can add the address.
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let seen = try await admin.get("/admin/outbox").body.string
            #expect(seen.contains("A performance officer can add") && !seen.contains("Add an email address for"))
        }
    }
}
