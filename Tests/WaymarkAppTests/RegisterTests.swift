import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Registers of cases, the hard way: bad and hostile input, confidential notes kept from those
/// who may not read them, counts frozen with a quarter, and ten moves of one version at once.
@Suite struct RegisterTests {
    static let today = CalendarDate(year: 2017, month: 12, day: 20)!

    /// The Clear Up Project's register on the fixture plan, with its five stages.
    static func register(_ app: Application, officer: User, planID: Int) async throws -> (id: Int, stages: [RegisterStage]) {
        let created = try await RegisterService(db: app.db, user: officer).createRegister(planID: planID, .init(
            name: "Clear Up Project allegations", description: "Allegations referred to the independent Clear Up Project",
            areaID: nil, openStages: "Received\r\nScoping\nInformation requested\nInvestigating", closingStages: "Closed"))
        let id = try #require(created.savedValue)
        return (id, try await RegisterStage.query(on: app.db).filter(\.$register.$id == id).sort(\.$position).all())
    }

    @Test(arguments: TestDatabase.allCases)
    func itemsMoveThroughStagesAndTheQuarterKeepsItsCounts(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let plan = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
            let lead = try #require(try await User.find(accounts.ids[.leadOfficer], on: app.db))
            let service = RegisterService(db: app.db, user: officer)

            // A register needs open and closing stages, each named once.
            let bad = try await service.createRegister(planID: plan.planID, .init(name: "", description: "", areaID: nil, openStages: "Received\nreceived", closingStages: ""))
            #expect(Set(bad.errors.map(\.field)) == ["name", "closing_stages", "open_stages"])
            await #expect(throws: WriteRefusal.self) {
                _ = try await RegisterService(db: app.db, user: lead).createRegister(planID: plan.planID, .init(name: "X", description: "", areaID: nil, openStages: "A", closingStages: "B"))
            }
            let (registerID, stages) = try await Self.register(app, officer: officer, planID: plan.planID)
            #expect(stages.map(\.name) == ["Received", "Scoping", "Information requested", "Investigating", "Closed"])
            #expect(stages.map(\.closes) == [false, false, false, false, true])
            let again = try await service.createRegister(planID: plan.planID, .init(name: "Clear Up Project allegations", description: "", areaID: nil, openStages: "A", closingStages: "B"))
            #expect(again.errors.first?.field == "name")

            func add(_ reference: String, _ title: String, received: String, notes: String = "") async throws -> WriteResult<Int> {
                try await service.addItem(registerID: registerID, .init(reference: reference, title: title, receivedOn: received, stageID: stages[0].id, ownerID: nil, notes: notes), today: Self.today)
            }
            // Hostile and bad input is refused whole, naming the field.
            #expect(try await add("CU-001", "Grant\u{7} to a charity", received: "2017-03-01").errors.map(\.field) == ["title"])
            #expect(try await add("CU-001", String(repeating: "x", count: 2_000_000), received: "2017-03-01").errors.map(\.field) == ["title"])
            #expect(try await add("CU-001", "Grant", received: "2018-02-30").errors.map(\.field) == ["received_on"])
            #expect(try await add("CU-001", "Grant", received: "2018-01-05").errors.map(\.field) == ["received_on"])
            #expect(try await RegisterItem.query(on: app.db).count() == 0)

            let first = try #require(try await add("CU-001", "Grant to <em>a</em> charity", received: "2017-03-01", notes: "Named officer: J. Smith\r\nreferred by whistleblower").savedValue)
            let second = try #require(try await add("CU-002", "Property disposal", received: "2017-11-02").savedValue)
            #expect(try await add("CU-001", "Another", received: "2017-03-02").errors.map(\.field) == ["reference"])
            #expect(try await RegisterItem.find(first, on: app.db)?.confidentialNotes == "Named officer: J. Smith\nreferred by whistleblower")

            // Moves are dated, in order, and audited.
            let move = { (item: Int, stage: Int, on: String, version: Int) in
                try await service.move(itemID: item, .init(toStageID: stages[stage].id, movedOn: on, note: "", version: version), today: Self.today)
            }
            #expect(try await move(first, 3, "2017-02-01", 1).errors.map(\.field) == ["moved_on"])
            #expect(try await move(first, 0, "2017-04-01", 1).errors.map(\.field) == ["to_stage_id"])
            #expect(try await move(first, 3, "2017-06-01", 1).savedValue == 2)
            #expect(try await move(first, 4, "2017-05-01", 2).errors.map(\.field) == ["moved_on"])
            #expect(try await move(first, 4, "2017-10-15", 2).savedValue == 3)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "register_item.moved").count() == 2)
            #expect(try await RegisterMove.query(on: app.db).filter(\.$item.$id == first).count() == 3)

            // Confidential notes: the performance team and administrators see them; no one else.
            for (role, sees) in [(Role.performanceOfficer, true), (.admin, true), (.viewer, false), (.boardMember, false), (.leadOfficer, false)] {
                var web = try WebClient(app)
                try await web.signIn(TestAccounts.email(role), TestAccounts.password)
                let page = try await web.get("/register-items/\(first)").body.string
                #expect(page.contains("Named officer: J. Smith") == sees, "\(role)")
                #expect(page.contains("Grant to &lt;em&gt;a&lt;/em&gt; charity") && !page.contains("<em>a</em>"), "\(role)")
            }
            await #expect(throws: WriteRefusal.self) { _ = try await RegisterService(db: app.db, user: lead).saveNotes(itemID: first, notes: "peek", version: 3) }

            // The Q3 pack counts the register, and the closed quarter keeps what it counted.
            let periods = ReportingPeriodService(db: app.db, user: officer)
            let q3 = try await periods.opened(planID: plan.planID, label: "Q3 2017-18")
            let draft = try #require(try await PeriodReport.build(periodID: try q3.requireID(), today: Self.today, on: app.db))
            let counted = try #require(draft.registers.first)
            #expect(counted.stages.map(\.count) == [1, 0, 0, 0, 1])
            #expect(counted.openedInPeriod == 1 && counted.closedInPeriod == 1 && counted.oldestOpen?.reference == "CU-002")
            try await periods.closed(periodID: try q3.requireID(), today: CalendarDate(year: 2018, month: 1, day: 10)!)
            #expect(try await move(second, 4, "2017-12-20", 1).savedValue == 2)
            let final = try #require(try await PeriodReport.build(periodID: try q3.requireID(), today: Self.today, on: app.db))
            #expect(final.isFinal && final.registers.first?.asOf == "2017-12-31")
            #expect(final.registers.first?.stages.map(\.count) == [1, 0, 0, 0, 1], "a move after closing leaves the frozen counts alone")
            #expect(final.registers.first?.closedInPeriod == 1)
            let live = try await RegisterReport.summaries(planID: plan.planID, from: CalendarDate(year: 2017, month: 10, day: 1)!, asOf: CalendarDate(year: 2017, month: 12, day: 31)!, on: app.db)
            #expect(live.first?.stages.map(\.count) == [0, 0, 0, 0, 2])
            var web = try WebClient(app)
            try await web.signIn(TestAccounts.email(.boardMember), TestAccounts.password)
            let pack = try await web.get("/periods/\(try q3.requireID())/pack").body.string
            #expect(pack.contains("<h2>Registers</h2>") && pack.contains("Clear Up Project allegations: items by stage"))
            #expect(pack.contains("2 items: 1 open, 1 closed; 1 received and 1 closed this period."))
            #expect(!pack.contains("Named officer"))
        }
    }


    @Test(arguments: TestDatabase.allCases)
    func tenMovesOfOneVersionAndTenOfTheSameRegisterLetExactlyOneThrough(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            let plan = try await importSeedPlan(first)
            let accounts = try await TestAccounts.make(first)
            let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: first.db))
            var client = try WebClient(first)
            try await client.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            let created = try await raceForm("/plans/\(plan.planID)/registers", ["name": "Complaints", "open_stages": "Received", "closing_stages": "Closed"],
                                         as: client, servers: [first, second])
            #expect(created.filter { $0 == 303 }.count == 1, "\(created)")
            #expect(created.allSatisfy { $0 == 303 || $0 == 409 || $0 == 422 }, "\(created)")
            #expect(try await Register.query(on: first.db).count() == 1)

            let (registerID, stages) = try await Self.register(first, officer: officer, planID: plan.planID)
            let item = try #require(try await RegisterService(db: first.db, user: officer).addItem(
                registerID: registerID, .init(reference: "CU-001", title: "Grant", receivedOn: "2017-03-01", stageID: stages[0].id, ownerID: nil, notes: ""), today: Self.today).savedValue)
            let moves = try await raceForm("/register-items/\(item)/move", ["to_stage_id": String(stages[1].id ?? 0), "moved_on": "2017-04-01", "version": "1"],
                                       as: client, servers: [first, second])
            #expect(moves.filter { $0 == 303 }.count == 1, "\(moves)")
            #expect(moves.filter { $0 == 409 }.count == 9, "\(moves)")
            #expect(try await RegisterMove.query(on: first.db).filter(\.$item.$id == item).count() == 2)
            #expect(try await AuditEvent.query(on: first.db).filter(\.$action == "register_item.moved").count() == 1)
        }
    }
}
