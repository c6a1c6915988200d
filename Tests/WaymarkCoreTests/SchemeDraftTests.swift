import Testing
@testable import WaymarkCore

@Suite struct SchemeDraftTests {
    let havering = SchemeDraft(name: "Havering: within 10 days", rows: [
        .init(name: "Achieved", kind: "completed", colour: "blue"),
        .init(name: "On track", kind: "on_track", colour: "green"),
        .init(name: "Slipping: up to 10 days late", short: "Slipping", kind: "late_within_tolerance", colour: "amber", lateUpTo: "10 days"),
        .init(name: "Off track", kind: "late_beyond_tolerance", colour: "red"),
        .init(name: "On hold", kind: "by_decision", colour: "grey"),
        .init(name: "  ", kind: "", colour: ""),
    ])

    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func aCouncilsOwnSchemeIsBuiltAndItsBandsDecide() throws {
        let scheme = try #require(havering.build(code: "custom_havering").scheme)
        #expect(scheme.statuses.map(\.code) == ["achieved", "on_track", "slipping", "off_track", "on_hold"])
        #expect(scheme.statuses.map(\.short) == ["Achieved", "On track", "Slipping", "Off track", "On hold"])
        #expect(scheme.lateBands == [.init(upTo: .days(10), code: "slipping"), .init(upTo: nil, code: "off_track")])
        // Due 31 May; forecast 10 days late is Slipping, 11 days late is Off track; the boundary is the 10th day.
        let deadline = try DeadlineParser.parse("May-18")
        func status(_ forecast: String) -> String {
            scheme.assess(MilestoneFacts(deadline: deadline, forecast: day(forecast), completedOn: nil), asOf: day("2018-05-01")).status.code
        }
        #expect(status("2018-05-31") == "on_track")
        #expect(status("2018-06-10") == "slipping")
        #expect(status("2018-06-11") == "off_track")
        #expect(scheme.assess(MilestoneFacts(deadline: deadline, forecast: day("2018-07-01"), completedOn: nil), asOf: day("2018-05-01"), decision: "on_hold").status.code == "on_hold")
        #expect(SchemeDraft(scheme).build(code: "custom_havering").scheme == scheme, "the edit form round-trips")
    }

    @Test func eachMistakeIsNamedWithItsRow() {
        var draft = havering
        draft.name = ""
        draft.rows[1].kind = "completed"
        draft.rows[2].lateUpTo = "a while"
        draft.rows[4].colour = "purple"
        let problems = draft.build(code: "x").problems
        #expect(problems.contains(.init(field: "name", message: "Enter the scheme's name")))
        #expect(problems.contains(.init(field: "row-3-late", message: "Write how late it covers as a number of days or months, such as \"1 month\" or \"10 days\"")))
        #expect(problems.contains(.init(field: "row-5-colour", message: "Choose a colour for status 5")))
        #expect(problems.contains(.init(field: "row-1-kind", message: "Exactly one status must mean completed")))
        #expect(problems.contains(.init(field: "row-1-kind", message: "Exactly one status must mean on track")))
    }

    @Test func lateStatusesMustGrowAndOnlyTheLastIsOpenEnded() {
        var draft = havering
        draft.rows[3].lateUpTo = "5 days"
        #expect(draft.build(code: "x").problems.map(\.message).contains("Each late status must cover later than the one before it"))
        draft.rows[3].lateUpTo = "1 month"
        #expect(draft.build(code: "x").problems.map(\.message).contains("Every late status but the last needs how late it covers; the last covers anything later and is left blank"))
        var noLate = havering
        noLate.rows[2].name = ""
        noLate.rows[3].name = ""
        #expect(noLate.build(code: "x").problems.map(\.message).contains("At least one status must mean late"))
        var twice = havering
        twice.rows[4].name = "Achieved"
        twice.rows[4].kind = "by_decision"
        #expect(twice.build(code: "x").problems.contains(.init(field: "row-5-name", message: "Status 5 has the same name as another")))
        var hostile = havering
        hostile.rows[0].name = "Done\u{7}"
        #expect(hostile.build(code: "x").problems.map(\.field).contains("row-1-name"))
    }

    @Test func codesAreSlugs() {
        #expect(SchemeDraft.slug("Under Control!") == "under_control")
        #expect(SchemeDraft.slug("  Off-track (RED) ") == "off_track_red")
        #expect(SchemeDraft.slug("!!!") == "")
    }
}
