import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct PublicationHardTests {
    @Test(arguments: TestDatabase.allCases)
    func tenPublishesAndTenWithdrawalsAtOnceMakeOneEach(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(first)
            let results = await allAtOnce(10) { index in
                try await PublicationService(db: (index.isMultiple(of: 2) ? first : second).db, actor: AuditLog.actor(officer)).publish(periodID: periodID, today: AsOf.today())
            }
            let saved = results.compactMap { if case .success(.saved(let p)) = $0 { p } else { nil } }
            let told = results.filter { if case .success(.invalid(let errors)) = $0 { errors.first?.message.contains("already publication") == true } else { false } }.count
            let refused = results.compactMap(\.thrown).filter { ($0 as? WriteRefusal)?.kind == .duplicate }.count
            let faults = results.compactMap(\.thrown).filter { ($0 as? WriteRefusal)?.kind != .duplicate && !($0 is DatabaseBusy) }
            #expect(faults.isEmpty, "\(faults)")
            #expect(saved.count == 1 && saved.count + told + refused >= (database == .postgres ? 10 : 8), "\(results)")
            #expect(try await Publication.query(on: first.db).count() == 1)
            let number = try #require(saved.first?.id)

            let withdrawals = await allAtOnce(10) { index in
                try await PublicationService(db: (index.isMultiple(of: 2) ? first : second).db, actor: "test \(index)").withdraw(publicationID: number, reason: "Reason \(index)")
            }
            #expect(withdrawals.filter { if case .success(.saved) = $0 { true } else { false } }.count == 1)
            #expect(withdrawals.compactMap(\.thrown).allSatisfy { ($0 as? WriteRefusal)?.kind == .withdrawn || $0 is DatabaseBusy }, "\(withdrawals)")
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "publication.withdrawn").count() == 1)
            #expect(try await AuditChain.verify(on: first.db as! any SQLDatabase).isWhole)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func publicCommentaryIsCheckedAndShownAsText(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, periodID, officer) = try await PublicationTests.closedQuarter(app)
            let hers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Set up the new intranet").first())
            let service = PublicationService(db: app.db, actor: AuditLog.actor(officer))
            let huge = try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: String(repeating: "x", count: 2_000_000))
            #expect(huge.errors.first?.message == "Public commentary must be 10,000 characters or fewer (it has 2,000,000)")
            let control = try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "Bell \u{07} here")
            #expect(control.errors.first?.field == "public-\(hers.id!)")
            #expect(try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "Line one\nLine two <script>alert(1)</script>").errors.isEmpty)
            guard case .saved(let publication) = try await service.publish(periodID: periodID, today: AsOf.today()) else { throw TestSetupError("not published") }
            let tester = try app.testing()
            var shown = ""
            for area in 1...5 { shown += try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/\(area)").body.string }
            #expect(shown.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !shown.contains("<script>alert(1)"))
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/6").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/publications/\(publication.id!)/areas/1?page=2").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/publications/999").status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/public/plans/999").status == .notFound)
            // Clearing the approval is audited, and only the next publication says so.
            #expect(try await service.approveCommentary(milestoneID: hers.id!, periodID: periodID, text: "").errors.isEmpty)
            #expect(try await PublicCommentary.query(on: app.db).filter(\.$milestone.$id == hers.id!).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "public_commentary.cleared").count() == 1)
        }
    }
}
