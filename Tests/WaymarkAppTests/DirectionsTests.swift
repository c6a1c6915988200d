import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct DirectionsTests {
    @Test(arguments: TestDatabase.allCases)
    func directionsSubmissionsAndCorrespondenceAreRecordedAndTraced(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let service = DirectionsService(db: app.db, user: officer)

            guard case .invalid(let errors) = try await service.createDirection(.init(title: "", givenOn: "2017-02-30", expiresOn: "2016-01-01")) else {
                Issue.record("invalid Directions were saved")
                return
            }
            #expect(errors.map(\.field) == ["title", "given_on"])
            guard case .saved(let direction) = try await service.createDirection(.init(
                title: "Directions of 16 January 2017", givenOn: "2017-01-16", expiresOn: "2018-09-30",
                requirements: "Quarterly update reports\nAn independent review by June 2018", planID: plan.planID)) else {
                Issue.record("Directions not saved")
                return
            }
            let id = try direction.requireID()
            let dueSoon = CalendarDate(iso: "2017-12-22")!
            #expect(try await service.addSubmission(directionID: id, .init(title: "The third quarterly update report", dueOn: dueSoon.iso)).errors.isEmpty)
            #expect(try await service.addSubmission(directionID: id, .init(title: "", dueOn: "")).errors.map(\.field) == ["title", "due_on"])

            let q3 = try await ReportingPeriodService(db: app.db, user: officer).opened(planID: plan.planID, label: "Q3 2017-18")
            _ = try await ReportingPeriodService(db: app.db, user: officer).closed(periodID: q3.id!, today: CalendarDate(iso: "2017-12-21")!)
            let submission = try #require(try await Submission.query(on: app.db).first())
            #expect(try await service.recordMade(submissionID: submission.id!, .init(submittedOn: "2017-12-22", periodID: q3.id)).errors.isEmpty)
            let made = try #require(try await Submission.find(submission.id, on: app.db))
            #expect(made.submittedOn == "2017-12-22" && made.$period.id == q3.id)

            let pdf = Data("%PDF-1.4 minded to".utf8)
            #expect(try await service.addCorrespondence(directionID: id, .init(dated: "2017-11-02", way: "received", title: "\"Minded to\" letter",
                                                                                 attachment: ("minded-to.pdf", "application/pdf", pdf))).errors.isEmpty)
            #expect(try await service.addCorrespondence(directionID: id, .init(dated: "", way: "lost", title: "")).errors.map(\.field) == ["dated", "way", "title"])
            let actions = try await AuditEvent.query(on: app.db).filter(\.$entity ~~ ["direction", "submission", "correspondence"]).sort(\.$id).all().map(\.action)
            #expect(actions == ["direction.recorded", "submission.due", "submission.made", "correspondence.recorded"])

            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let page = try await viewer.get("/directions/\(id)").body.string
            #expect(page.contains("<li>An independent review by June 2018</li>"))
            #expect(page.contains("Submitted 22 Dec 2017 with the <a href=\"/periods/\(q3.id!)/pack\">Q3 2017-18 report pack</a>"))
            #expect(page.contains("&quot;Minded to&quot; letter"))
            let letter = try #require(try await Correspondence.query(on: app.db).first())
            let download = try await viewer.get("/correspondence/\(letter.id!)/attachment")
            #expect(download.body.string == "%PDF-1.4 minded to")
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"minded-to.pdf\"")
            #expect(try await viewer.post("/directions/\(id)/submissions", ["title": "x", "due_on": "2018-03-30"]).status == .forbidden)
        }
    }

    @Test func theNextSubmissionIsWarnedAboutThirtyDaysAhead() async throws {
        try await withApp(.sqlite) { app in
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let service = DirectionsService(db: app.db, user: officer)
            guard case .saved(let direction) = try await service.createDirection(.init(title: "Directions", givenOn: "2017-01-16")) else { return }
            let soon = AsOf.today().adding(days: 12)
            #expect(try await service.addSubmission(directionID: direction.id!, .init(title: "The next quarterly update report", dueOn: soon.iso)).errors.isEmpty)
            #expect(try await service.addSubmission(directionID: direction.id!, .init(title: "The one after", dueOn: soon.adding(days: 90).iso)).errors.isEmpty)
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            let plans = try await viewer.get("/plans").body.string
            #expect(plans.contains("The next quarterly update report is due in 12 days, on \(soon.display)."))
        }
    }
}
