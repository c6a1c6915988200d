import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Administrators export the audit trail for a date range as CSV for a spreadsheet; nobody else
/// can, a bad range is explained, and the export is itself audited.
@Suite struct AuditExportTests {
    @Test(arguments: TestDatabase.allCases)
    func anAdministratorExportsTheDaysAsked(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            // An actor whose name a spreadsheet would run as a formula.
            let hostile = try #require(try await AccountService(db: app.db, bcryptCost: 4).createUser(
                email: "formula@council.test", displayName: "=HYPERLINK(\"http://evil.example\")", password: TestAccounts.password,
                role: .viewer, personID: nil, oneTime: false, by: "test").savedValue)
            _ = try await APITokenService(db: app.db).create(for: hostile, name: "script", by: AuditLog.actor(hostile))
            // One record from long ago, outside the range.
            try await (app.db as! any SQLDatabase).raw("UPDATE audit_events SET occurred_at = \(bind: Date(timeIntervalSince1970: 1_500_000_000)) WHERE id = 1").run()
            try await AuditChain.seal(on: app.db as! any SQLDatabase)

            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.admin), TestAccounts.password)
            let today = AsOf.today().iso
            let total = try await app.count("audit_events")
            let csv = try await web.get("/admin/audit/export?from=\(today)&to=\(today)")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("waymark-audit-\(today)-to-\(today).csv") == true)
            let lines = csv.body.string.split(separator: "\n").map(String.init)
            #expect(lines.first == "Record,When (UTC),Who,Action,What,Entity,Entity id,Plan id,Before,After,Previous hash,Hash")
            #expect(lines.count - 1 == total - 1, "every record but the old one")
            #expect(!lines.contains { $0.hasPrefix("1,") })
            #expect(lines.contains { $0.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\") (formula@council.test)\",api_token.created,") })
            // The export is recorded, with what it held.
            let last = try #require(try await AuditEvent.query(on: app.db).sort(\.$id, .descending).first())
            #expect(last.action == "audit.exported")
            #expect(last.summary == "Exported \(total - 1) audit records from \(today) to \(today)")
            #expect(try await AuditChain.verify(on: app.db as! any SQLDatabase).isWhole)

            let form = try await web.get("/admin/audit/export")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("<label class=\"label\" for=\"from\">First day</label>"))

            let backwards = try await web.get("/admin/audit/export?from=2017-12-31&to=2017-10-01")
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.body.string.contains("There is a problem"))
            #expect(backwards.body.string.contains("<a href=\"#to\">The last day must be the same as or after the first day</a>"))
            let nonsense = try await web.get("/admin/audit/export?from=yesterday&to=")
            #expect(nonsense.status == .unprocessableEntity)
            #expect(nonsense.body.string.contains("Enter the first day as a date, for example 2017-10-01"))
            #expect(nonsense.body.string.contains("Enter the last day to export"))

            // The performance team reads the trail but does not take copies of it.
            var officer = try WebClient(app)
            try await officer.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            #expect(try await officer.get("/admin/audit/export?from=\(today)&to=\(today)").status == .forbidden)
            #expect(!(try await officer.get("/admin/audit").body.string.contains("/admin/audit/export")))
            #expect(try await web.get("/admin/audit").body.string.contains("href=\"/admin/audit/export\""))
        }
    }
}
