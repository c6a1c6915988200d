import Testing
@testable import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

/// Each built-in scheme at every boundary: due 31 May 2018, judged on 1 May 2018 with a forecast.
@Suite struct StatusSchemeTests {
    static func facts(forecast: CalendarDate?, completed: CalendarDate? = nil) throws -> MilestoneFacts {
        MilestoneFacts(deadline: try DeadlineParser.parse("May-18"), forecast: forecast, completedOn: completed)
    }

    static let cases: [(forecast: CalendarDate?, completed: CalendarDate?, kind: StatusScheme.Kind)] = [
        (nil, day(2018, 4, 20), .completed),
        (day(2018, 5, 31), nil, .onTrack),
        (day(2018, 6, 1), nil, .lateWithinTolerance),
        (day(2018, 6, 30), nil, .lateWithinTolerance),
        (day(2018, 7, 1), nil, .lateBeyondTolerance),
    ]

    @Test(arguments: StatusScheme.builtIn.map(\.code))
    func everyBuiltInSchemeGivesTheSameKindsAtTheBoundaries(code: String) throws {
        let scheme = try #require(StatusScheme.named(code))
        #expect(scheme.problem == nil)
        for c in Self.cases {
            let (status, _) = scheme.assess(try Self.facts(forecast: c.forecast, completed: c.completed), asOf: day(2018, 5, 1))
            #expect(status.kind == c.kind, "\(code): \(String(describing: c.forecast)) gave \(status.code)")
        }
    }

    @Test func theStandardSchemeIsExactlyTheStatusRules() throws {
        for forecast in stride(from: -40, through: 80, by: 1).map({ day(2018, 5, 31).adding(days: $0) }) {
            let facts = try Self.facts(forecast: forecast)
            let (status, assessment) = StatusScheme.standard.assess(facts, asOf: day(2018, 5, 1))
            #expect(status.code == StatusRules.assess(facts, asOf: day(2018, 5, 1)).status.rawValue)
            #expect(assessment == StatusRules.assess(facts, asOf: day(2018, 5, 1)))
        }
    }

    @Test func eachSchemeNamesItsStatusesInItsOwnWords() throws {
        let late = try Self.facts(forecast: day(2018, 6, 15))
        #expect(StatusScheme.brag.assess(late, asOf: day(2018, 5, 1)).status.name == "Amber: up to a month late")
        #expect(StatusScheme.keyActions.assess(late, asOf: day(2018, 5, 1)).status.name == "Under Control")
        #expect(StatusScheme.rag.assess(try Self.facts(forecast: nil, completed: day(2018, 5, 2)), asOf: day(2018, 5, 3)).status.code == "complete")
    }

    @Test func aDecisionStandsUntilTheWorkIsDone() throws {
        let late = try Self.facts(forecast: day(2018, 9, 1))
        #expect(StatusScheme.rag.assess(late, asOf: day(2018, 5, 1), decision: "suspended").status.code == "suspended")
        #expect(StatusScheme.keyActions.assess(late, asOf: day(2018, 5, 1), decision: "pending").status.name == "Pending")
        // A code that is not a decision of the scheme is ignored, not trusted.
        #expect(StatusScheme.rag.assess(late, asOf: day(2018, 5, 1), decision: "green").status.code == "red")
        #expect(StatusScheme.brag.assess(late, asOf: day(2018, 5, 1), decision: "suspended").status.code == "red")
        // Completed work is completed, whatever was decided before.
        let done = try Self.facts(forecast: nil, completed: day(2018, 5, 10))
        #expect(StatusScheme.rag.assess(done, asOf: day(2018, 5, 11), decision: "suspended").status.code == "complete")
    }

    @Test func bandsInDaysAndAnyNumberOfThem() throws {
        var scheme = StatusScheme.standard
        scheme.code = "havering"
        scheme.statuses.insert(.init(code: "slipping", name: "Slipping", kind: .lateWithinTolerance, colour: "delayed"), at: 2)
        scheme.lateBands = [.init(upTo: .days(7), code: "slipping"), .init(upTo: .months(1), code: "delayed"), .init(upTo: nil, code: "overdue")]
        #expect(scheme.problem == nil)
        #expect(scheme.assess(try Self.facts(forecast: day(2018, 6, 7)), asOf: day(2018, 5, 1)).status.code == "slipping")
        #expect(scheme.assess(try Self.facts(forecast: day(2018, 6, 8)), asOf: day(2018, 5, 1)).status.code == "delayed")
        #expect(scheme.assess(try Self.facts(forecast: day(2018, 7, 1)), asOf: day(2018, 5, 1)).status.code == "overdue")
    }

    @Test func aBadlyDefinedSchemeSaysWhatIsWrong() {
        var scheme = StatusScheme.brag
        scheme.lateBands = [.init(upTo: .months(1), code: "amber")]
        #expect(scheme.problem == "The last lateness band must cover anything later")
        scheme = StatusScheme.brag
        scheme.completedCode = "green"
        #expect(scheme.problem == "Choose which status means completed")
        scheme = StatusScheme.brag
        scheme.statuses.append(.init(code: "blue", name: "Again", kind: .completed, colour: "completed"))
        #expect(scheme.problem == "Each status needs a code of its own")
        scheme = StatusScheme.brag
        scheme.lateBands = [.init(upTo: .months(1), code: "green"), .init(upTo: nil, code: "red")]
        #expect(scheme.problem == "Each lateness band must give a late status")
    }
}
