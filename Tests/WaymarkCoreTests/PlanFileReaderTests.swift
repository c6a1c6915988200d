import Testing
import WaymarkTestSupport
@testable import WaymarkCore

/// The fictional plan that has the seed plan's shape; `SeedPaperTests` checks the real paper when it is there.
@Suite struct ShapedDeliveryPlanTests {
    let document: PlanDocument

    init() throws {
        let (document, layout) = try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName))
        #expect(layout == .deliveryPlan)
        self.document = document
    }

    @Test func hasTheAreasInOrder() {
        #expect(document.areas.map(\.name) == ["Elections", "Communications", "Property", "Grants", "Organisational Culture"])
        #expect(document.title == "Eastbrook Borough Council Improvement Plan 2017-18")
    }

    @Test func hasTwentySixActivitiesNumberedInOrder() {
        #expect(document.activityCount == 26)
        #expect(document.areas.flatMap { $0.activities.map(\.number) } == Array(1...26))
        #expect(document.areas.map(\.activities.count) == [2, 2, 5, 6, 11])
    }

    @Test func hasOneHundredAndFifteenMilestones() {
        #expect(document.milestoneCount == 115)
        let perArea = document.areas.map { $0.activities.reduce(0) { $0 + $1.milestones.count } }
        #expect(perArea == [21, 9, 13, 23, 49])
    }

    @Test func hasEighteenPeopleWithKerryExpanded() {
        #expect(document.people.count == 18)
        #expect(!document.people.contains("Kerry"))
        #expect(document.people.contains("Kerry Palmer"))
        #expect(document.people.contains("Ellen Firth-Reid"))
        #expect(document.warnings.contains { $0.message.contains("\"Kerry\" is taken to be \"Kerry Palmer\"") })
        let idAwareness = document.areas[0].activities[1].milestones[1]
        #expect(idAwareness.leadsWritten == "Adrian Costa/Kerry")
        #expect(idAwareness.leads == ["Adrian Costa", "Kerry Palmer"])
    }

    @Test func parsesEveryDeadlineAsWritten() {
        let milestones = document.areas.flatMap { $0.activities.flatMap(\.milestones) }
        let kinds = Dictionary(grouping: milestones, by: \.deadline.kind).mapValues(\.count)
        #expect(kinds[.noFixedDate] == 2)
        #expect(kinds[.openEnded] == 1)
        #expect(kinds[.dated] == 112)
        let lga = milestones.first { $0.title == "Launch the adult social care peer review" }
        #expect(lga?.deadline.written == "Apr 17- Mar 18")
        #expect(lga?.deadline.due == CalendarDate(year: 2018, month: 3, day: 31))
        let audit = milestones.first { $0.deadline.written == "Apr 17 & Oct 17" }
        #expect(audit?.deadline.checkpoints == [CalendarDate(year: 2017, month: 4, day: 30)!])
    }

    @Test func keepsLineNumbers() {
        let first = document.areas[0].activities[0].milestones[0]
        #expect(first.title == "Agree the polling station plan")
        #expect(first.line == 20)
    }
}

@Suite struct DeliveryPlanLayoutProblemsTests {
    @Test func reportsEveryBadLineAndField() {
        let text = """
        Test Plan 2017-18
        Elections\t\t
        Activities\tLead Officer\tDeadline
        1. Planning
        Good milestone\tA Person\tMay-18
        Bad deadline\tA Person\tsometime
        No lead\t\tMay-18
        A stray note that is not a milestone
        Bad date\tB Person\t31/02/2018
        """
        do {
            _ = try PlanFileReader.read(Array(text.utf8))
            Issue.record("a malformed file must not read")
        } catch {
            let rendered = error.problems.map(\.description)
            #expect(rendered.count == 4)
            #expect(rendered[0].hasPrefix("line 6, deadline: cannot read the deadline \"sometime\""))
            #expect(rendered[1] == "line 7, lead officer: no lead officer is given")
            #expect(rendered[2].hasPrefix("line 8: \"A stray note that is not a milestone\" is not an area heading"))
            #expect(rendered[3].contains("line 9, deadline"))
            #expect(rendered[3].contains("31 February 2018 is not a real date"))
            #expect(error.description.contains("4 problems"))
        }
    }

    @Test func milestoneBeforeAnyActivityIsAProblem() {
        let text = "Plan\nArea\t\t\nActivities\tLead Officer\tDeadline\nOrphan\tA Person\tMay-18\n"
        #expect(throws: ImportFailure.self) { try PlanFileReader.read(Array(text.utf8)) }
    }

    @Test func readsOptionalProgressColumns() throws {
        let text = """
        Sample Plan
        Housing
        Activities\tLead Officer\tDeadline\tForecast\tCompleted\tStatus
        1. Build homes
        Start on site\tJo Bloggs\tMay-26\t\t12/05/2026\tCompleted
        Finish\tJo Bloggs & Sam Smith\tMar-27\t15/04/2027\t\t
        Old idea\tSam Smith\tJan-27\t\t\tWithdrawn
        """
        let document = try PlanFileReader.read(Array(text.utf8)).document
        let milestones = document.areas[0].activities[0].milestones
        #expect(milestones[0].completedOn == CalendarDate(year: 2026, month: 5, day: 12))
        #expect(milestones[1].forecast == CalendarDate(year: 2027, month: 4, day: 15))
        #expect(milestones[1].leads == ["Jo Bloggs", "Sam Smith"])
        #expect(milestones[2].withdrawnReason != nil)
    }
}

@Suite struct TablePlanReaderTests {
    @Test func readsCSVWithSynonymsAndQuotes() throws {
        let text = #"""
        Area of Focus,Activity,Key Milestone,Owner,Target date,Forecast,Completed on,Notes
        Elections,1. Planning for elections,"Train poll clerks, 40 of them",Lucy Marsh,Jun-17,,2017-06-20,x
        Elections,1. Planning for elections,"Say ""hello""",Tom Hartley and Lucy Marsh,May-18,Apr-18,,
        Grants,Review team,Review done,Sam Hale,Mar-17,,,
        Grants,Review team,Staff consulted,Sam Hale,Apr-17,,,
        """#
        let (document, layout) = try PlanFileReader.read(Array(text.utf8), today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(layout == .table)
        #expect(document.areas.map(\.name) == ["Elections", "Grants"])
        #expect(document.areas[1].activities.map(\.number) == [2])
        #expect(document.areas[0].activities[0].milestones[0].title == "Train poll clerks, 40 of them")
        #expect(document.areas[0].activities[0].milestones[1].title == "Say \"hello\"")
        #expect(document.areas[0].activities[0].milestones[1].leads == ["Tom Hartley", "Lucy Marsh"])
        #expect(document.areas[0].activities[0].milestones[1].forecast == CalendarDate(year: 2018, month: 4, day: 30))
        #expect(document.warnings.contains { $0.line == 1 && $0.message.hasPrefix("the column \"Notes\" (column H) was not placed") })
    }

    @Test func readsTSVAndAMultiLineCell() throws {
        let text = "area\tactivity\tmilestone\tlead officer\tdeadline\nA\t3. Act\t\"Two\nlines\"\tX Y\tOn-going\nA\t3. Act\tNext\tX Y\tMay-18\n"
        let document = try PlanFileReader.read(Array(text.utf8)).document
        let milestones = document.areas[0].activities[0].milestones
        // A line break typed inside the cell is a space in the one-line title.
        #expect(milestones[0].title == "Two lines")
        #expect(milestones[1].line == 4)
    }

    @Test func namesMissingColumns() {
        let text = "Area,Milestone,Deadline\nA,B,May-18\n"
        do {
            _ = try PlanFileReader.read(Array(text.utf8))
            Issue.record("must fail")
        } catch {
            // Without an activity column Waymark makes one activity for each area (issue 14).
            #expect(error.problems.map(\.field) == ["lead"])
            #expect(error.problems[0].message.contains("there is no lead column"))
        }
    }

    @Test func refusesFutureCompletionAndMonthOnlyCompletion() {
        let text = "Area,Activity,Milestone,Lead,Deadline,Completed\nA,1. X,M1,P,May-18,2030-01-01\nA,1. X,M2,P,May-18,May-18\nA,1. X,M3,P,May-18,soon\n"
        do {
            _ = try PlanFileReader.read(Array(text.utf8), today: CalendarDate(year: 2026, month: 1, day: 1))
            Issue.record("must fail")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3, 4])
            #expect(error.problems.allSatisfy { $0.field == "completed" })
        }
    }

    @Test func sameActivityNumberWithAnotherTitleIsAProblem() {
        let text = "Area,Activity,Milestone,Lead,Deadline\nA,1. X,M1,P,May-18\nA,1. Y,M2,P,May-18\n"
        #expect(throws: ImportFailure.self) { try PlanFileReader.read(Array(text.utf8)) }
    }

    @Test func readsWindows1252() throws {
        var bytes = Array("Area,Activity,Milestone,Lead,Deadline\nA,1. X,Spend ".utf8)
        bytes += [0xA3, 0x35, 0x20, 0x96, 0x20]  // "£5 – " in Windows-1252
        bytes += Array("done,P,May-18\n".utf8)
        let document = try PlanFileReader.read(bytes).document
        #expect(document.areas[0].activities[0].milestones[0].title == "Spend £5 – done")
    }
}

@Suite struct LeadNamesTests {
    @Test(arguments: [
        ("Tom Hartley/Lucy Marsh", ["Tom Hartley", "Lucy Marsh"]),
        ("Sam Hale / Ellen Firth-Reid", ["Sam Hale", "Ellen Firth-Reid"]),
        ("A Person & B Person, C Person and D Person", ["A Person", "B Person", "C Person", "D Person"]),
        ("  Grand   Andrews ", ["Grand Andrews"]),
        ("Martin Mellor / Sam Hale", ["Martin Mellor", "Sam Hale"]),
    ])
    func splitsJointLeads(written: String, names: [String]) {
        #expect(LeadNames.split(written) == names)
    }

    @Test func expandsOnlyUniquePrefixes() {
        let (resolved, ambiguous) = LeadNames.expansions(among: ["Kerry Palmer", "Kerry", "Pat Hale", "Patrick Grey", "Sam", "Sam One", "Sam Two"])
        #expect(resolved == ["kerry": "Kerry Palmer"])
        #expect(ambiguous["sam"]?.sorted() == ["Sam One", "Sam Two"])
    }
}
