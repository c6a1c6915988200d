import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Reviewers' notes, and how long their accounts are kept.
@Suite struct ReviewRetentionTests {
    @Test(arguments: TestDatabase.allCases)
    func notesAreTheReviewersOwnAndOnlyTheirs(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var setting = try await ReviewerAccessTests.setUp(app)
            var (reviewer, _) = try await ReviewerAccessTests.signIn(app, setting)
            let document = try #require(try await EvidenceDocument.query(on: app.db).first()).id!
            _ = try await reviewer.get("/evidence/\(document)")
            #expect(try await reviewer.post("/evidence/\(document)/notes", ["note": ""]).status == .unprocessableEntity)
            #expect(try await reviewer.post("/evidence/\(document)/notes", ["note": "Ask about the capital strategy's <b>risks</b>"]).status == .seeOther)
            let page = try await reviewer.get("/evidence/\(document)").body.string
            #expect(page.contains("<h2 id=\"notes\">Your notes</h2>") && page.contains("Ask about the capital strategy&#39;s &lt;b&gt;risks&lt;/b&gt;") || page.contains("Ask about the capital strategy's &lt;b&gt;risks&lt;/b&gt;"))
            // The council's team does not see them, and cannot write them.
            let teamPage = try await setting.team.get("/evidence/\(document)").body.string
            #expect(!teamPage.contains("capital strategy") && !teamPage.contains("Your notes"))
            #expect(try await setting.team.post("/evidence/\(document)/notes", ["note": "Mine"]).status == .forbidden)
            // The audit trail says a note was added, without its words.
            let audited = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "reviewer_note.added").first())
            #expect(!audited.summary.contains("capital strategy"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func accountsAreDisabledAfterTheirLastDayAndDeletedAYearAfterTheReviewCloses(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var setting = try await ReviewerAccessTests.setUp(app)
            var (reviewer, _) = try await ReviewerAccessTests.signIn(app, setting)
            let document = try #require(try await EvidenceDocument.query(on: app.db).first()).id!
            _ = try await reviewer.get("/evidence/\(document)")
            _ = try await reviewer.get("/evidence/\(document)/versions/1")
            #expect(try await reviewer.post("/evidence/\(document)/notes", ["note": "Read twice"]).status == .seeOther)
            let account = try #require(try await User.query(on: app.db).filter(\.$role == .reviewer).first()).id!
            let retention = ReviewRetention(db: app.db)

            // On the last day nothing happens; the day after, the account is disabled.
            #expect(try await retention.run(today: setting.last, months: 12) == .init())
            #expect(try await retention.run(today: setting.last.adding(days: 1), months: 12) == .init(disabled: 1, deleted: 0))
            #expect(try await User.find(account, on: app.db)?.disabled == true)
            #expect(try await retention.run(today: setting.last.adding(days: 2), months: 12) == .init())

            // Closed on 1 August 2018: kept until 1 August 2019, deleted on it.
            _ = try await setting.team.get("/reviews/\(setting.review)")
            let review = try #require(try await Review.find(setting.review, on: app.db))
            #expect(try await setting.team.post("/reviews/\(setting.review)/close", ["closed_on": "2018-08-01", "version": "\(review.version)"]).status == .seeOther)
            #expect(try await retention.run(today: CalendarDate(year: 2019, month: 7, day: 31)!, months: 12) == .init())
            #expect(try await User.find(account, on: app.db) != nil)
            #expect(try await retention.run(today: CalendarDate(year: 2019, month: 8, day: 1)!, months: 12) == .init(disabled: 0, deleted: 1))
            #expect(try await User.find(account, on: app.db) == nil)
            #expect(try await EvidenceRead.query(on: app.db).count() == 0)
            #expect(try await ReviewerNote.query(on: app.db).count() == 0)
            #expect(try await PeerMember.query(on: app.db).first()?.$user.id == nil)
            let summary = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "reviewer.deleted").first())
            #expect(summary.summary == "Deleted Ros Jones's reviewer account of \"LGA Corporate Peer Challenge 2018\", 12 months after the review closed on 1 Aug 2018; they read 1 document (2 reads)")
            #expect(summary.afterValues?.contains("1 view, 1 download") == true)
            #expect(try await AuditChain.verify(on: app.db as! any SQLDatabase).isWhole)
        }
    }

    @Test func theRetentionTimeIsAWholeNumberOfMonths() throws {
        #expect(try ReviewRetention.months(from: [:]) == 12)
        #expect(try ReviewRetention.months(from: ["WAYMARK_REVIEWER_RETENTION_MONTHS": "6"]) == 6)
        let refused = #expect(throws: StartupError.self) { try ReviewRetention.months(from: ["WAYMARK_REVIEWER_RETENTION_MONTHS": "a year"]) }
        #expect(refused?.description == "WAYMARK_REVIEWER_RETENTION_MONTHS: \"a year\" is not a number of months; give a whole number from 0 to 120, such as 12")
    }
}
