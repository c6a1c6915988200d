import Foundation
import Testing
import WaymarkTestSupport
@testable import WaymarkCore

/// Reading measurable outcomes from a table: the Communications outcomes of the final six-monthly
/// report as a fixture, and every bad row named with its line and column.
@Suite struct KPIFileReaderTests {
    static func rows(_ text: String) -> [TextRow] {
        DelimitedText.rows(Array(text.utf8), delimiter: UInt8(ascii: ","), quoted: true)
    }

    @Test func theCommunicationsOutcomesAreRead() throws {
        let text = try String(contentsOfFile: Fixtures.directory.appendingPathComponent("communications-outcomes.csv").path, encoding: .utf8)
        let document = try KPIFileReader.read(Self.rows(text))
        #expect(document.kpis.map(\.name) == ["E-newsletter open rate", "E-newsletter click rate", "Positive or neutral media coverage",
                                              "Relevant staff trained", "Twitter followers"])
        let open = document.kpis[0]
        #expect(open.unit == .percentage && open.polarity == .higher && open.frequency == .sixMonthly && open.area == "Communications")
        #expect(open.periods.map(\.period) == ["H2 2016-17", "H1 2017-18"])
        #expect(open.periods[1].value == ExactNumber(parsing: "40.5"))
        #expect(open.benchmarks == [KPIBenchmarkEntry(source: "Government industry standard", value: ExactNumber(parsing: "22.38")!, asOf: nil, line: 3)])
        let twitter = document.kpis[4]
        #expect(twitter.periods[0].value == ExactNumber(12550) && twitter.periods[0].target == ExactNumber(10000))
        let thresholds = KPIThresholds(polarity: open.polarity, target: open.periods[1].target, tolerance: open.tolerance)
        #expect(thresholds.rating(of: open.periods[1].value) == .green)
        let coverage = document.kpis[2]
        #expect(KPIThresholds(polarity: .higher, target: coverage.periods[0].target, tolerance: coverage.tolerance).rating(of: coverage.periods[0].value) == .amber)
    }

    @Test func monthlyPeriodsAreMonths() throws {
        let document = try KPIFileReader.read(Self.rows("""
            KPI,Frequency,Roll-up,Period,Value
            Complaints,monthly,cumulative,Apr 2017,12
            Complaints,monthly,cumulative,2017-05,9
            """))
        #expect(document.kpis[0].periods.map(\.period) == ["2017-04", "2017-05"])
        #expect(document.kpis[0].rollUp == .cumulative)
    }

    @Test func everyBadRowIsNamed() {
        let text = """
            KPI,Unit,Polarity,Frequency,Period,Value,Target,Tolerance,Provisional
            Open rate,percentage,higher,quarterly,Q1 2017-18,forty,30,10%,no
            Open rate,number,higher,quarterly,Q1 2017-18,40,30,ten,maybe
            ,percentage,higher,quarterly,Q2 2017-18,40,30,10%,
            Complaints,count,sideways,monthly,Spring 2017,3,2,-1,
            Title\u{0B}with a control,number,higher,quarterly,Q1,1,1,1,
            """
        #expect(throws: ImportFailure.self) { try KPIFileReader.read(Self.rows(text)) }
        do {
            _ = try KPIFileReader.read(Self.rows(text))
        } catch {
            let messages = error.problems.map(\.description)
            #expect(messages.contains("line 2, Value: \"forty\" is not a number (percentage)"))
            #expect(messages.contains("line 3, Unit: \"number\" differs from line 2, which gives \"percentage\" for Open rate"))
            #expect(messages.contains("line 3, Period: Open rate already has a row for Q1 2017-18"))
            #expect(messages.contains("line 3, Tolerance: \"ten\" is not a tolerance; write a share of the target, like \"10%\", or an amount, like \"500\""))
            #expect(messages.contains("line 3, Provisional: \"maybe\" is not yes or no"))
            #expect(messages.contains("line 4, KPI: Enter the KPI's name"))
            #expect(messages.contains { $0.hasPrefix("line 5, Polarity: \"sideways\" is not one of") })
            #expect(messages.contains("line 5, Period: \"Spring 2017\" is not a month; a monthly KPI's period is written like \"Apr 2017\" or \"2017-04\""))
            #expect(messages.contains { $0.hasPrefix("line 5, Tolerance:") })
            #expect(messages.contains { $0.hasPrefix("line 6, KPI: the kpi must be on one line") })
        }
    }

    @Test func aFileWithoutTheColumnsSaysWhichItHas() {
        do {
            _ = try KPIFileReader.read(Self.rows("Name,Score\nOpen rate,40\n"))
            Issue.record("read a file without KPI and Period columns")
        } catch {
            #expect(error.problems.first?.description == "line 1: The header row must name at least the KPI and Period columns; it has \"Name\", \"Score\"")
        }
    }
}
