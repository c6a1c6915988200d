import Testing
@testable import WaymarkCore

private func read(_ text: String, scheme: StatusScheme = .standard) throws(ImportFailure) -> PlanDocument {
    try PlanFileReader.read(Array(text.utf8), today: CalendarDate(year: 2026, month: 1, day: 1), scheme: scheme).document
}

private func problems(_ text: String, scheme: StatusScheme = .standard) -> [ImportProblem] {
    do {
        _ = try read(text, scheme: scheme)
        Issue.record("the file must not read")
        return []
    } catch {
        return error.problems
    }
}

/// Activities numbered again in every area, or by level, and the mistakes that stay mistakes.
@Suite struct ActivityNumberingTests {
    @Test func theSameNumberUnderTwoAreasIsTwoActivities() throws {
        let document = try read("""
        Theme,Action,Milestone,Lead,Deadline
        Governance,1. Review the constitution,Draft,Monitoring Officer,May-25
        Governance,2. Train members,Induction,Head of Democratic Services,Jun-25
        Finance,1. Balance the budget,Savings plan,Director of Finance,Feb-25
        Finance,1. Balance the budget,Reserves strategy,Director of Finance,Mar-25
        """)
        #expect(document.areas.map { $0.activities.map(\.reference) } == [["1.", "2."], ["1."]])
        #expect(document.areas.flatMap(\.activities).map(\.number) == [1, 2, 3])
        #expect(document.areas[1].activities[0].milestones.count == 2)
    }

    @Test func oneReferenceWithTwoTitlesInOneAreaNamesBothLines() {
        let found = problems("""
        Theme,Ref,Activity,Milestone,Lead,Deadline
        Housing,2.3,Improve repairs,Order system,Head of Housing,May-25
        Housing,2.4,Empty homes,Survey,Head of Housing,May-25
        Housing,2.3,Reduce void times,Review,Head of Housing,Jun-25
        """)
        #expect(found.map(\.description) == ["line 4, activity: activity 2.3 is \"Reduce void times\" here but \"Improve repairs\" on line 2"])
    }

    @Test func aPlanWideNumberWithOneTitleUnderTwoAreasIsStillAMistake() {
        let found = problems("""
        Area,Activity,Milestone,Lead,Deadline
        Elections,1. Planning,Canvass,Lucy Marsh,May-18
        Grants,2. Review,Close,Sam Hale,May-18
        Property,1. Planning,Survey,Sam Hale,Jun-18
        Property,1. Planning,Report,Sam Hale,Jul-18
        """)
        #expect(found.map(\.description) == ["line 4, area: activity 1 is under \"Property\" here but under \"Elections\" on line 2"])
    }

    @Test func aReferenceOnlyOnTheFirstRowHoldsForTheRest() throws {
        let document = try read("Area,Ref,Activity,Milestone,Lead,Deadline\nA,5,Review,M1,P,May-18\nA,,Review,M2,P,May-18\n")
        #expect(document.areas[0].activities.map(\.reference) == ["5"])
        #expect(document.areas[0].activities[0].milestones.count == 2)
        #expect(document.areas[0].activities[0].number == 5)
    }

    @Test(arguments: [
        ("2.3 Review the constitution", "2.3", "Review the constitution"),
        ("1.2.3. Publish the plan", "1.2.3.", "Publish the plan"),
        ("4) Train members", "4)", "Train members"),
        ("12. Grants", "12.", "Grants"),
    ])
    func readsAReferenceBeforeATitle(cell: String, reference: String, title: String) throws {
        let found = try #require(ActivityHeading.reference(in: cell))
        #expect(found.reference == reference)
        #expect(found.title == title)
    }

    @Test(arguments: ["2018 review", "Review 2.3", "3.5% savings", "1.5m homes built", "2.3", "12.", "12 Grants"])
    func leavesATitleWithoutAReferenceWhole(cell: String) {
        #expect(ActivityHeading.reference(in: cell) == nil)
    }
}

/// Statuses written in the file, in the plan's scheme.
@Suite struct ReportedStatusTests {
    @Test func aStatusTheSchemeDoesNotKnowNamesTheLineAndTheSchemesWords() {
        let found = problems("""
        Key Objective,Ref,Key Action,Responsible Officer,Target Date,RAG
        Finance,1.1,Set the budget,Director of Finance,Feb-25,Green
        Finance,1.2,Close the accounts,Director of Finance,Mar-25,Purple
        """, scheme: .rag)
        #expect(found.map(\.description) == [
            "line 3, status: \"Purple\" is not a status; use Complete, Green, Amber, Red, Rescheduled with approval or Suspended, or Withdrawn",
        ])
    }

    @Test func theStandardSchemeOffersItsOwnWords() {
        let found = problems("Area,Activity,Milestone,Lead,Deadline,Status\nA,1. X,M,P,May-18,Green\n")
        #expect(found.first?.message == "\"Green\" is not a status; use Completed, On Target, Delayed or Overdue, or Withdrawn")
    }

    @Test func aCompletedStatusNeedsADateWhereTheFileHasAColumnForIt() {
        let found = problems("""
        Ref\tKey Objective\tKey Action\tLead Member\tTimescale\tProgress Status\tDate Achieved
        1.1\tGovernance\tReview scrutiny\tCllr Sarah Whitfield\tMar-25\tAchieved\t
        """, scheme: .keyActions)
        #expect(found.map(\.description) == ["line 2, completed: the status is Achieved but no completion date is given"])
    }

    @Test func withdrawnStillWithdrawsWhateverTheScheme() throws {
        let document = try read("Theme,Key Action,Owner,Target Date,RAG\nA,Old idea,P,May-25,Withdrawn - superseded\n", scheme: .rag)
        let milestone = document.areas[0].activities[0].milestones[0]
        #expect(milestone.withdrawnReason != nil)
        #expect(milestone.reportedStatus == nil)
    }

    @Test func completedStatusesWithNoCompletionColumnWarnOncePerFile() throws {
        let document = try read("Theme,Key Action,Owner,Target Date,Status\nA,One,P,May-25,Complete\nA,Two,P,May-25,Completed\nA,Three,P,May-25,Done\n")
        #expect(document.areas[0].activities[0].milestones.map(\.reportedStatus) == ["completed", "completed", "completed"])
        #expect(document.warnings.filter { $0.field == "status" }.map(\.line) == [2])
    }
}

/// Headings placed by the rest of their header row.
@Suite struct HeadingPlacementTests {
    static func placed(_ headings: [String]) -> [String: String] {
        let placement = PlanColumn.place(headings)
        var result = Dictionary(uniqueKeysWithValues: placement.columns.map { (headings[$0.value], $0.key.rawValue) })
        for index in placement.unplaced { result[headings[index]] = "unplaced" }
        return result
    }

    @Test func keyActionIsTheMilestoneBesideAnActivityColumn() {
        #expect(Self.placed(["Theme", "Ref", "Action", "Key Action", "Lead Officer", "Timescale"])
            == ["Theme": "area", "Ref": "activity number", "Action": "activity", "Key Action": "milestone", "Lead Officer": "lead", "Timescale": "deadline"])
    }

    @Test func anActionBesideAMilestoneColumnIsTheActivityAsBefore() {
        #expect(Self.placed(["Area", "No", "Action", "Milestone", "Owner", "Due"])
            == ["Area": "area", "No": "activity number", "Action": "activity", "Milestone": "milestone", "Owner": "lead", "Due": "deadline"])
    }

    @Test func withNoActivityColumnTheReferenceIsTheRowsOwn() {
        #expect(Self.placed(["No.", "Key Objective", "Key Action", "Responsible Officer", "Lead Member", "Target Date", "Progress Status", ""])
            == ["No.": "reference", "Key Objective": "area", "Key Action": "milestone", "Responsible Officer": "lead",
                "Lead Member": "unplaced", "Target Date": "deadline", "Progress Status": "status"])
        #expect(PlanColumn.place(["#", "Theme", "Action", "Lead Member", "Deadline"]).columns == [.reference: 0, .area: 1, .milestone: 2, .lead: 3, .deadline: 4])
    }

    @Test func aSecondReferenceBesideAnActivityIsTheRowsOwn() {
        #expect(Self.placed(["Activity No", "Activity", "Ref", "Milestone", "Lead", "Deadline"])["Ref"] == "reference")
    }

    @Test func twoHeadingsForOneColumnClash() {
        let placement = PlanColumn.place(["Theme", "Key Objective", "Milestone", "Lead", "Deadline"])
        #expect(placement.clashes.map(\.column) == [.area])
    }

    @Test func statusHeadings() {
        for heading in ["RAG", "Progress Status", "Progress", "RAG status", "Status"] {
            #expect(PlanColumn(heading: heading) == .status, "\(heading)")
        }
        #expect(PlanColumn(heading: "Progress update") == nil)
    }

    @Test func recognisesTheNewLayoutsAsPlanTables() {
        #expect(PlanFileReader.isPlanHeader(["Ref", "Key Objective", "Key Action", "Responsible Officer", "Target Date"]))
        #expect(PlanFileReader.isPlanHeader(["Theme", "Action", "Lead", "Timescale"]))
        #expect(!PlanFileReader.isPlanHeader(["Activities", "Lead Officer", "Deadline"]))
    }

    @Test func columnLetters() {
        #expect([0, 5, 25, 26, 27, 701, 702].map(PlanColumn.letters) == ["A", "F", "Z", "AA", "AB", "ZZ", "AAA"])
    }
}

@Suite struct PlanColumnHeadingsTests {
    @Test func eachColumnOffersItsOwnHeadingsFirst() {
        #expect(PlanColumn.milestone.headings.prefix(2) == ["milestone", "milestones"])
        #expect(PlanColumn.milestone.headings.contains("key action"))
        #expect(PlanColumn.activity.headings.prefix(1) == ["activity"])
        #expect(PlanColumn.lead.headings.contains("lead member"))
        #expect(PlanColumn.reference.headings.prefix(2) == ["ref", "reference"])
    }

    @Test func noHeadingIsListedTwice() {
        let all = PlanColumn.headingTable.flatMap(\.headings)
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { PlanColumn.normalise($0) == $0 })
    }
}
