import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import WaymarkCore
@testable import WaymarkApp

/// Ten people saving the same thing at once, half through each of two servers: exactly one wins,
/// the rest are told someone else got there first, and nothing fails.
@Suite struct ReviewConcurrencyTests {
    static func officers(_ first: Application, _ second: Application) async throws -> (User, User, Int) {
        let accounts = try await TestAccounts.make(first)
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
        let again = try #require(try await User.find(accounts.ids[.performanceOfficer], on: second.db))
        let planID = try #require(try await Plan.query(on: first.db).first()).id!
        return (officer, again, planID)
    }

    /// Saved, overtaken, or refused in words (a withdrawn document): never thrown otherwise.
    static func tally<T>(_ results: [Result<WriteResult<T>, any Error>]) -> (saved: Int, conflicts: Int, faults: [String]) {
        var saved = 0, conflicts = 0, faults: [String] = []
        for result in results {
            switch result {
            case .success(.saved): saved += 1
            case .success(.conflict): conflicts += 1
            case .success(.invalid(let errors)): faults.append("invalid: \(errors)")
            case .failure(let refusal as WriteRefusal) where refusal.kind == .withdrawn: conflicts += 1
            case .failure(let error): faults.append(String(describing: error))
            }
        }
        return (saved, conflicts, faults)
    }

    @Test(arguments: TestDatabase.allCases)
    func tenSavesOfOneVersionLetExactlyOneThrough(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let (officer, again, planID) = try await Self.officers(first, second)
            @Sendable func reviews(_ index: Int) -> ReviewService { index.isMultiple(of: 2) ? ReviewService(db: first.db, user: officer) : ReviewService(db: second.db, user: again) }
            @Sendable func evidence(_ index: Int) -> EvidenceService { index.isMultiple(of: 2) ? EvidenceService(db: first.db, user: officer) : EvidenceService(db: second.db, user: again) }
            guard case .saved(let review) = try await reviews(0).create(.init(planID: planID, kind: "lga_corporate_peer_challenge", title: "Peer challenge")) else {
                throw TestSetupError("review not created")
            }
            let reviewID = try review.requireID()
            let theme = try #require(try await ReviewTheme.query(on: first.db).filter(\.$review.$id == reviewID).first())
            let activity = try #require(try await ReviewActivity.query(on: first.db).filter(\.$review.$id == reviewID).first())

            let themes = Self.tally(await allAtOnce(10) { index in
                try await reviews(index).updateTheme(themeID: theme.id!, .init(title: "Theme by \(index)", question: theme.question, version: 1))
            })
            #expect(themes.faults.isEmpty, "\(themes.faults)")
            #expect(themes.saved == 1 && themes.conflicts == 9)
            #expect(try await ReviewTheme.find(theme.id, on: first.db)?.version == 2)

            let activities = Self.tally(await allAtOnce(10) { index in
                try await reviews(index).updateActivity(activityID: activity.id!, .init(kind: "on_site_visit", deadline: "19-22 June 2018", leads: "Lead \(index)", version: 1))
            })
            #expect(activities.faults.isEmpty, "\(activities.faults)")
            #expect(activities.saved == 1 && activities.conflicts == 9)

            guard case .saved(let document) = try await evidence(0).add(reviewID: reviewID, .init(title: "Plan", themeIDs: [theme.id!], file: ("plan.pdf", Data(UploadSamples.pdf)))) else {
                throw TestSetupError("evidence not added")
            }
            let versions = Self.tally(await allAtOnce(10) { index in
                try await evidence(index).addVersion(documentID: document.id!, basedOn: 1, file: ("plan \(index).pdf", Data(UploadSamples.pdf + [UInt8](repeating: 0x20, count: index + 1))))
            })
            #expect(versions.faults.isEmpty, "\(versions.faults)")
            #expect(versions.saved == 1 && versions.conflicts == 9)
            #expect(try await EvidenceVersion.query(on: first.db).count() == 2)
            #expect(try await EvidenceContent.query(on: first.db).count() == 2)
            #expect(try await EvidenceDocument.find(document.id, on: first.db)?.latestVersion == 2)

            let withdrawals = Self.tally(await allAtOnce(10) { index in
                try await evidence(index).withdraw(documentID: document.id!, version: 2, reason: "Wrong file, by \(index)")
            })
            #expect(withdrawals.faults.isEmpty, "\(withdrawals.faults)")
            #expect(withdrawals.saved == 1 && withdrawals.conflicts == 9)

            // Ten peers added at once each get a place of their own in the list.
            let peers = await allAtOnce(10) { index in try await reviews(index).addPeer(reviewID: reviewID, .init(name: "Peer \(index)", role: "Officer")) }
            #expect(peers.allSatisfy { if case .success(.saved) = $0 { true } else { false } }, "\(peers)")
            let positions = try await PeerMember.query(on: first.db).filter(\.$review.$id == reviewID).all().map(\.position).sorted()
            #expect(positions == Array(1...10))
            #expect(try await AuditChain.verify(on: first.db as! any SQLDatabase).isWhole)
        }
    }
}
