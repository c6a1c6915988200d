import Testing
import WaymarkTestSupport
@testable import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// A RAG plan laid out by theme, with actions numbered again in every theme, key actions as the
/// milestones, responsible officers, a lead member column and statuses in the file.
@Suite struct OtherCouncilRAGPlanTests {
    let document: PlanDocument

    init() throws {
        let (document, layout) = try PlanFileReader.read(try Fixtures.bytes("plans/other-council-rag.csv"), today: day(2025, 12, 1), scheme: .rag)
        #expect(layout == .table)
        self.document = document
    }

    @Test func themesAreTheAreasAndActionsTheActivities() {
        #expect(document.areas.map(\.name) == ["Governance and Decision Making", "Financial Sustainability", "Housing Services", "Organisational Culture"])
        #expect(document.areas.map(\.activities.count) == [3, 3, 2, 2])
        #expect(document.areas[0].activities.map(\.title) == [
            "Strengthen the constitution and scheme of delegation", "Improve member development", "Reset the relationship between members and officers",
        ])
        #expect(document.milestoneCount == 25)
        #expect(document.areas.map { $0.activities.reduce(0) { $0 + $1.milestones.count } } == [7, 8, 6, 4])
        #expect(document.areas[0].activities[0].milestones[0].title == "Complete a full review of the constitution")
    }

    @Test func actionsNumberedInEachThemeKeepTheirReferencesAndAreNumberedThroughThePlan() {
        let activities = document.areas.flatMap(\.activities)
        #expect(activities.map(\.reference) == ["1", "2", "3", "1", "2", "3", "1", "2", "1", "2"])
        #expect(activities.map(\.number) == Array(1...10))
        // The one reference column is the activity's: the rows have none of their own.
        #expect(activities.flatMap(\.milestones).allSatisfy { $0.reference == nil })
    }

    @Test func reportedStatusesAreTheRAGSchemesCodes() {
        let codes = document.areas.flatMap { $0.activities.flatMap { $0.milestones.map { $0.reportedStatus ?? "-" } } }
        #expect(codes == [
            "complete", "green", "complete", "amber", "green", "red", "green",
            "complete", "amber", "green", "complete", "red", "rescheduled", "suspended", "green",
            "amber", "red", "green", "complete", "green", "amber",
            "complete", "green", "amber", "green",
        ])
    }

    @Test func namesEveryColumnItDidNotPlace() {
        let unplaced = document.warnings.filter { $0.message.contains("was not placed") }
        #expect(unplaced.map(\.description) == [
            "line 1: the column \"Lead Member\" (column F) was not placed, so it was not imported",
            "line 1: the column \"Progress Update\" (column I) was not placed, so it was not imported",
            "line 1: the column \"Budget\" (column J) was not placed, so it was not imported",
        ])
    }

    @Test func completedWithoutACompletionColumnIsKeptWithOneWarning() {
        let warned = document.warnings.filter { $0.field == "status" }
        #expect(warned.count == 1)
        #expect(warned.first?.line == 2)
        #expect(warned.first?.message.contains("Waymark counts a milestone completed only from a completion date") == true)
        let first = document.areas[0].activities[0].milestones[0]
        #expect(first.reportedStatus == "complete" && first.completedOn == nil)
    }

    @Test func officersAndDeadlinesAreReadAsBefore() throws {
        let finance = document.areas[1].activities[2].milestones[0]
        #expect(finance.leads == ["Director of Finance", "Head of Legal Services"])
        #expect(document.areas[0].activities[2].milestones[0].leads == ["Chief Executive", "Monitoring Officer"])
        let induction = document.areas[0].activities[1].milestones[1]
        #expect(induction.deadline.written == "Q2 2025/26")
        #expect(induction.deadline.due == day(2025, 9, 30))
        #expect(document.areas[0].activities[2].milestones[1].deadline.kind == .noFixedDate)
        #expect(document.people.contains("Director of Finance"))
        #expect(!document.people.contains { $0.hasPrefix("Cllr") })
    }
}

/// One row per key action under a key objective, with its own reference, no activity level, a
/// lead member as the only lead, Epping Forest's key-action words and a date achieved.
@Suite struct OtherCouncilKeyActionsPlanTests {
    let document: PlanDocument

    init() throws {
        let (document, layout) = try PlanFileReader.read(try Fixtures.bytes("plans/other-council-key-actions.tsv"), today: day(2025, 12, 1), scheme: .keyActions)
        #expect(layout == .table)
        self.document = document
    }

    @Test func waymarkMakesOneActivityForEachObjective() {
        let objectives = ["Stronger governance and decision making", "Financial sustainability", "Housing services", "Customer services and digital"]
        #expect(document.areas.map(\.name) == objectives)
        #expect(document.areas.map { $0.activities.map(\.title) } == objectives.map { [$0] })
        #expect(document.areas.flatMap(\.activities).map(\.reference) == ["", "", "", ""])
        #expect(document.areas.flatMap(\.activities).map(\.number) == [1, 2, 3, 4])
        #expect(document.milestoneCount == 17)
        #expect(document.areas.map { $0.activities[0].milestones.count } == [5, 4, 4, 4])
    }

    @Test func eachKeyActionKeepsItsReferenceAsWritten() {
        let references = document.areas.flatMap { $0.activities.flatMap { $0.milestones.map(\.reference) } }
        #expect(references == ["1.1", "1.2", "1.3", "1.4.1", "1.4.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4"])
    }

    @Test func reportedStatusesAreTheKeyActionCodes() {
        let milestones = document.areas.flatMap { $0.activities.flatMap(\.milestones) }
        #expect(milestones.map { $0.reportedStatus ?? "-" } == [
            "achieved", "on_target", "on_target", "under_control", "pending",
            "achieved", "behind_schedule", "behind_schedule", "on_target",
            "under_control", "achieved", "on_target", "pending",
            "achieved", "under_control", "on_target", "on_target",
        ])
        #expect(milestones.filter { $0.reportedStatus == "achieved" }.map(\.completedOn) == [day(2025, 3, 18), day(2025, 2, 26), day(2025, 6, 30), day(2025, 4, 14)])
        #expect(!document.warnings.contains { $0.field == "status" })
    }

    @Test func theLeadMemberIsTheLeadWhenNoOfficerIsNamed() {
        #expect(document.people == ["Cllr Sarah Whitfield", "Cllr Tom Okafor", "Cllr Priya Nair", "Cllr Declan Murphy"])
        #expect(document.areas[0].activities[0].milestones[3].leads == ["Cllr Sarah Whitfield", "Cllr Tom Okafor"])
    }

    @Test func namesTheBudgetAndCommentaryColumns() {
        #expect(document.warnings.map(\.description) == [
            "line 1: the column \"Budget\" (column F) was not placed, so it was not imported",
            "line 1: the column \"Progress Commentary\" (column I) was not placed, so it was not imported",
        ])
    }

    @Test func deadlinesInTheCouncilsOwnWords() {
        let milestones = document.areas.flatMap { $0.activities.flatMap(\.milestones) }
        #expect(milestones[3].deadline.due == day(2025, 8, 31))
        #expect(milestones[4].deadline.due == day(2026, 3, 31))
        #expect(milestones[2].deadline.due == day(2026, 3, 31))
        #expect(milestones.last?.deadline.due == day(2025, 12, 31))
    }
}

/// The existing layouts read exactly as before, now with their references.
@Suite struct ExistingLayoutsUnchangedTests {
    @Test func theDeliveryPlanKeepsItsPlanWideNumbers() throws {
        let document = try PlanFileReader.read(try Fixtures.bytes(Fixtures.shapedPlanName)).document
        let activities = document.areas.flatMap(\.activities)
        #expect(activities.map(\.number) == Array(1...26))
        #expect(activities.map(\.reference) == (1...26).map { "\($0)." })
        let milestones = activities.flatMap(\.milestones)
        #expect(milestones.count == 115)
        #expect(milestones.allSatisfy { $0.reference == nil && $0.reportedStatus == nil })
        #expect(!document.warnings.contains { $0.message.contains("was not placed") })
    }

    @Test func aTableNumberedThroughThePlanKeepsItsNumbers() throws {
        let text = "Area,Activity,Milestone,Lead,Deadline,Status\nA,7. Seven,M1,P,May-18,On target\nA,7. Seven,M2,P,Jun-18,\nB,3) Three,M3,P,May-18,delayed\n"
        let document = try PlanFileReader.read(Array(text.utf8)).document
        #expect(document.areas.flatMap(\.activities).map(\.number) == [7, 3])
        #expect(document.areas.flatMap(\.activities).map(\.reference) == ["7.", "3)"])
        #expect(document.areas.flatMap { $0.activities.flatMap { $0.milestones.map(\.reportedStatus) } } == ["on_target", nil, "delayed"])
    }

    @Test func aNumberColumnIsTheActivitysReferenceAsWritten() throws {
        let text = "Area,No.,Activity,Milestone,Lead,Deadline\nA,2.3,Review,M1,P,May-18\nA,2.3,Review,M2,P,May-18\nB,4,Other,M3,P,May-18\n"
        let document = try PlanFileReader.read(Array(text.utf8)).document
        #expect(document.areas.flatMap(\.activities).map(\.reference) == ["2.3", "4"])
        // "2.3" is not a whole number, so Waymark numbers the activities in order.
        #expect(document.areas.flatMap(\.activities).map(\.number) == [1, 2])
        #expect(document.areas[0].activities[0].milestones.map(\.reference) == [nil, nil])
    }
}
