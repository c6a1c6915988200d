import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The review's forms sent ten times at once through two servers on one database, as the
/// performance team double-clicking across a load balancer would: the things made once are made
/// once, a version is claimed by one, the others are told plainly, and nothing answers 500.
@Suite struct ReviewRaceTests {
    /// Ten recommendations' milestones into a new action plan at once: every one is added, under
    /// one plan, one area and one "Recommendations of …" activity. Without the review's lock,
    /// PostgreSQL's writers all miss the plan and race to its unique title.
    @Test(arguments: TestDatabase.allCases)
    func tenMilestonesIntoANewActionPlanMakeOnePlan(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            var (team, _, review) = try await ReviewPagesTests.setUp(first)
            #expect(try await team.post("/reviews/\(review)/findings", ["finding_kind": "recommendation", "finding_text": "Publish a single corporate plan"]).status == .seeOther)
            let recommendation = try #require(try await ReviewFinding.query(on: first.db).first())

            let answers = try await raceForm("/review-findings/\(recommendation.id!)/milestones",
                                             ["target": "new", "title": "Corporate plan agreed", "deadline": "Mar-19", "leads": "Will Tuckley"],
                                             as: team, servers: [first, second])
            // On PostgreSQL every one waits its turn at the review's row and is added. SQLite's
            // writers queue at the write gate, and on a starved machine one that has waited past
            // its patience is told Waymark is busy (503, nothing saved): a refusal, never a 500.
            let added = answers.filter { $0 == 303 }.count
            #expect(answers.allSatisfy { $0 == 303 || (database == .sqlite && $0 == 503) } && added > 0, "\(answers)")
            let plans = try await Plan.query(on: first.db).filter(\.$title == "LGA Corporate Peer Challenge 2018 action plan").all()
            #expect(plans.count == 1)
            let planID = try #require(plans.first?.id)
            #expect(try await Area.query(on: first.db).filter(\.$plan.$id == planID).count() == 1)
            let activities = try await Activity.query(on: first.db).filter(\.$plan.$id == planID).all()
            #expect(activities.map(\.title) == ["Recommendations of the LGA Corporate Peer Challenge 2018"])
            #expect(try await Milestone.query(on: first.db).filter(\.$plan.$id == planID).count() == added)
            #expect(try await RecommendationMilestone.query(on: first.db).filter(\.$finding.$id == recommendation.id!).count() == added)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "plan.created").filter(\.$entityID == planID).count() == 1)
            #expect(try await AuditChain.verify(on: first.sql).isWhole)
        }
    }

    /// A finding's wording, the position statement's date, the review's details and its closing, each
    /// saved ten times from the same version: one is saved, nine are told someone got there first.
    @Test(arguments: TestDatabase.allCases)
    func tenSavesOfOneVersionLetOneThrough(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            var (team, _, review) = try await ReviewPagesTests.setUp(first)
            #expect(try await team.post("/reviews/\(review)/findings", ["finding_kind": "finding", "finding_text": "Strong political leadership"]).status == .seeOther)
            let finding = try #require(try await ReviewFinding.query(on: first.db).first())

            let edits = try await raceForm("/review-findings/\(finding.id!)", ["finding_text": "Strong and visible political leadership", "stage": "final", "version": "1"],
                                           as: team, servers: [first, second])
            Self.expectOneThrough(edits)
            #expect(try await ReviewFinding.find(finding.id, on: first.db)?.version == 2)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "finding.changed").count() == 1)

            let statements = try await raceForm("/reviews/\(review)/position-statement", ["position_statement_sent_on": "2018-05-18", "version": "1"],
                                                as: team, servers: [first, second])
            Self.expectOneThrough(statements)
            #expect(try await Review.find(review, on: first.db)?.version == 2)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "review.position_statement").count() == 1)

            let details = try await raceForm("/reviews/\(review)/details", ["title": "LGA Corporate Peer Challenge, June 2018", "version": "2"], as: team, servers: [first, second])
            Self.expectOneThrough(details)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "review.changed").count() == 1)

            let closings = try await raceForm("/reviews/\(review)/close", ["closed_on": "2018-08-01", "version": "3"], as: team, servers: [first, second])
            Self.expectOneThrough(closings)
            let closed = try #require(try await Review.find(review, on: first.db))
            #expect(closed.version == 4 && closed.closedOn == "2018-08-01")
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "review.closed").count() == 1)
            #expect(try await AuditChain.verify(on: first.sql).isWhole)
        }
    }

    static func expectOneThrough(_ codes: [UInt], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(codes.filter { $0 == 303 }.count == 1, "\(codes)", sourceLocation: sourceLocation)
        #expect(codes.filter { $0 == 409 }.count == 9, "\(codes)", sourceLocation: sourceLocation)
    }
}
