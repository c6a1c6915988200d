import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// Ten writers send the same change with the same version at the same moment, through two
/// servers sharing one database: exactly one wins, the others are told, and nothing is a 500.
@Suite struct ConcurrentWritesTests {
    private func audits(_ action: String, _ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$action == action).count()
    }

    /// Sends the same request ten times at once, alternately to each server; returns the statuses.
    private func race(_ method: HTTPMethod, _ path: String, _ body: @escaping @Sendable (Int) -> String, headers: HTTPHeaders,
                      servers: [Application]) async throws -> [UInt] {
        let testers = try servers.map { try $0.testing() }
        let results = await allAtOnce { index in
            try await testers[index % testers.count].sendRequest(method, path, headers: headers, body: ByteBuffer(string: body(index))).status.code
        }
        return try results.map { try $0.get() }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneOfTenProgressUpdatesWins(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let (hers, _) = try await seedMilestones(first)
            let headers = try await apiHeaders(first, accounts, .leadOfficer)
            let statuses = try await race(.POST, "/api/v1/milestones/\(hers.id!)/updates", { #"{"commentary": "Writer \#($0)", "version": 1}"# },
                                          headers: headers, servers: [first, second])
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 9, "\(statuses)")
            #expect(try await Milestone.find(hers.id, on: first.db)?.version == 2)
            #expect(try await MilestoneUpdate.query(on: first.db).filter(\.$milestone.$id == hers.id!).count() == 1)
            #expect(try await audits("milestone.progress_updated", first) == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneOfTenEditsAndOneOfTenWithdrawalsWins(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let (hers, notHers) = try await seedMilestones(first)
            let headers = try await apiHeaders(first, accounts, .performanceOfficer)
            let edits = try await race(.PATCH, "/api/v1/milestones/\(notHers.id!)",
                                       { #"{"title": "Edited by writer \#($0)", "deadline": "Jun-18", "leads": "Adrian Costa", "version": 1}"# },
                                       headers: headers, servers: [first, second])
            #expect(edits.filter { $0 == 200 }.count == 1, "\(edits)")
            #expect(edits.filter { $0 == 409 }.count == 9, "\(edits)")
            #expect(try await Milestone.find(notHers.id, on: first.db)?.version == 2)
            #expect(try await audits("milestone.edited", first) == 1)

            let withdrawals = try await race(.POST, "/api/v1/milestones/\(hers.id!)/withdraw", { #"{"reason": "Reason \#($0)", "version": 1}"# },
                                             headers: headers, servers: [first, second])
            #expect(withdrawals.filter { $0 == 200 }.count == 1, "\(withdrawals)")
            #expect(withdrawals.filter { $0 == 409 }.count == 9, "\(withdrawals)")
            #expect(try await audits("milestone.withdrawn", first) == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aProposalIsDecidedOnceWhenTenDecideAtOnce(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let (hers, _) = try await seedMilestones(first)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            _ = try await MilestoneUpdateService(db: first.db, user: officer).save(
                milestoneID: hers.id!, input: .init(commentary: "Late", proposedDeadline: "Mar-18", proposedReason: "Trainer unavailable", version: 1),
                today: CalendarDate(year: 2017, month: 12, day: 1)!)
            let governance = GovernanceService(db: first.db, user: officer)
            guard case .saved(let board) = try await governance.createBoard(.init(name: "Improvement Board", kind: "improvement_board", chair: "Chair")),
                  case .saved(let meeting) = try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-18")) else {
                Issue.record("board or meeting not saved")
                return
            }
            let revisionID = try #require(try await DeadlineRevision.query(on: first.db).first()?.id)
            let databases = [first.db, second.db]
            let results = await allAtOnce { index in
                try await RevisionDecisionService(db: databases[index % 2], user: officer)
                    .decide(revisionID: revisionID, decision: index % 3 == 0 ? "rejected" : "agreed", meetingID: meeting.id, minuteReference: "min \(index)").errors
            }
            #expect(results.allSatisfy { $0.thrown == nil }, "\(results.compactMap(\.thrown))")
            #expect(results.filter { $0.value?.isEmpty == true }.count == 1)
            #expect(results.filter { $0.value?.first?.message.hasPrefix("This proposal was already") == true }.count == 9)
            let decided = try await audits("revision.agreed", first) + audits("revision.rejected", first)
            #expect(decided == 1)
            #expect(try await Milestone.find(hers.id, on: first.db)!.revisionCount <= 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPeriodIsOpenedClosedAndReopenedOnceWhenTenTryAtOnce(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let outcome = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            let admin = try #require(try await User.find(accounts.ids[.admin], on: first.db))
            let databases = [first.db, second.db]
            let today = CalendarDate(year: 2018, month: 1, day: 5)!

            let opened = await allAtOnce { try await ReportingPeriodService(db: databases[$0 % 2], user: officer).open(planID: outcome.planID, label: "Q3 2017-18") }
            #expect(opened.filter { $0.value?.savedValue != nil }.count == 1)
            #expect(opened.compactMap(\.thrown).allSatisfy { ($0 as? WriteRefusal)?.kind == .duplicate }, "\(opened.compactMap(\.thrown))")
            let periodID = try #require(opened.compactMap { $0.value?.savedValue }.first?.id)

            let closed = await allAtOnce { try await ReportingPeriodService(db: databases[$0 % 2], user: officer).close(periodID: periodID, today: today) }
            #expect(closed.filter { $0.value?.savedValue != nil }.count == 1)
            #expect(closed.allSatisfy { $0.thrown == nil }, "\(closed.compactMap(\.thrown))")
            #expect(closed.filter { if case .conflict = $0.value { true } else { false } }.count == 9)
            #expect(try await first.count("period_snapshots") == 115)

            let reopened = await allAtOnce { try await ReportingPeriodService(db: databases[$0 % 2], user: admin).reopen(periodID: periodID, reason: "Late returns \($0)") }
            #expect(reopened.filter { $0.value?.savedValue != nil }.count == 1)
            #expect(try await audits("period.opened", first) == 1)
            #expect(try await audits("period.closed", first) == 1)
            #expect(try await audits("period.reopened", first) == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneAccountPerEmailAndOneLinkPerLeadOfficer(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let databases = [first.db, second.db]
            let created = await allAtOnce { index in
                try await AccountService(db: databases[index % 2], bcryptCost: 4).createUser(
                    email: "same@council.test", displayName: "Writer \(index)", password: "a passphrase of some length", role: .viewer,
                    personID: nil, by: "test")
            }
            #expect(created.allSatisfy { $0.thrown == nil }, "\(created.compactMap(\.thrown))")
            #expect(created.filter { $0.value?.savedValue != nil }.count == 1)
            #expect(created.filter { $0.value?.errors.first?.message == "There is already an account for same@council.test" }.count == 9)
            #expect(try await User.query(on: first.db).filter(\.$email == "same@council.test").count() == 1)

            // Ten saves, each linking the same lead officer to a different account: one link stays.
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            var candidates: [Int] = []
            for index in 0..<10 {
                let user = try #require(try await AccountService(db: first.db, bcryptCost: 4).createUser(
                    email: "lead\(index)@council.test", displayName: "Lead \(index)", password: "a passphrase of some length", role: .leadOfficer,
                    personID: nil, by: "test").savedValue)
                candidates.append(try user.requireID())
            }
            let person = try #require(try await Person.query(on: first.db).filter(\.$nameKey == "kerry palmer").first())
            let personID = try person.requireID()
            let accountIDs = candidates
            let linked = await allAtOnce { index in
                try await PeopleService(db: databases[index % 2], user: officer)
                    .save(.init(name: "Kerry Palmer", userID: accountIDs[index]), personID: personID)
            }
            #expect(linked.allSatisfy { $0.thrown == nil }, "\(linked.compactMap(\.thrown))")
            #expect(try await User.query(on: first.db).filter(\.$person.$id == personID).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenImportsOfOnePlanAtOnceMakeOnePlan(database: TestDatabase) async throws {
        try await withTwoApps(database) { (first, second) async throws in
            let databases = [first.db, second.db]
            let results = await allAtOnce { index in
                let document = try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document
                return try await PlanImportService(db: databases[index % 2], actor: "writer \(index)")
                    .run(document, planReference: nil, fileName: Fixtures.shapedPlanName).createdMilestones
            }
            // Imports take turns on the plan; on SQLite one still waiting after WriteGate.patience
            // (on a loaded machine, behind nine others) is told to try again: a 503, never a 500.
            #expect(results.compactMap(\.thrown).allSatisfy { ($0 as? WriteRefusal)?.kind == .duplicate || $0 is DatabaseBusy },
                    "\(results.compactMap(\.thrown))")
            #expect(results.compactMap(\.value).filter { $0 == 115 }.count == 1)
            #expect(try await first.count("plans") == 1)
            #expect(try await first.count("milestones") == 115)
        }
    }
}

/// The same races through the web pages, as people press the buttons: one signed-in session,
/// ten form posts at once, alternately to each of two servers.
@Suite struct ConcurrentFormPostsTests {

    @Test(arguments: TestDatabase.allCases)
    func tenClosesOfOnePeriodAndTenDecisionsOnOneProposal(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let plan = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let (hers, _) = try await seedMilestones(first)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            let q3 = try await ReportingPeriodService(db: first.db, user: officer).opened(planID: plan.planID, label: "Q3 2017-18")
            _ = try await MilestoneUpdateService(db: first.db, user: officer).save(
                milestoneID: hers.id!, input: .init(commentary: "Late", proposedDeadline: "Mar-18", proposedReason: "Trainer unavailable", version: 1),
                today: CalendarDate(year: 2017, month: 12, day: 1)!)
            let governance = GovernanceService(db: first.db, user: officer)
            let board = try #require(try await governance.createBoard(.init(name: "Improvement Board", kind: "improvement_board")).savedValue)
            let meeting = try #require(try await governance.createMeeting(.init(boardID: board.id, heldOn: "2017-12-18")).savedValue)
            let revisionID = try #require(try await DeadlineRevision.query(on: first.db).first()?.id)

            var client = try WebClient(first)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let closes = try await raceForm("/periods/\(q3.id!)/close", ["confirm_missing_narrative": "yes"], as: client, servers: [first, second])
            #expect(closes.filter { $0 == 303 }.count == 1, "\(closes)")
            #expect(closes.filter { $0 == 409 }.count == 9, "\(closes)")
            #expect(try await first.count("period_snapshots") == 115)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "period.closed").count() == 1)

            let decisions = try await raceForm("/revisions/\(revisionID)/decision",
                                           ["decision": "agreed", "meeting_id": String(try meeting.requireID()), "minute_reference-\(revisionID)": "BVIB 5.2"],
                                           as: client, servers: [first, second])
            #expect(decisions.filter { $0 == 303 }.count == 1, "\(decisions)")
            #expect(decisions.filter { $0 == 422 }.count == 9, "\(decisions)")
            #expect(try await Milestone.find(hers.id, on: first.db)?.revisionCount == 1)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "revision.agreed").count() == 1)
        }
    }
}
