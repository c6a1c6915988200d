import Foundation
import Testing
@testable import WaymarkCore

private func n(_ text: String) -> ExactNumber { ExactNumber(parsing: text)! }

/// The rules of measurable outcomes: exact numbers, ratings at every boundary for each polarity and
/// both kinds of tolerance, direction of travel, and roll-ups of finer periods.
@Suite struct KPIRulesTests {
    @Test func numbersAreExactDecimals() {
        #expect(n("22.38").description == "22.38")
        #expect(n("0.1") + n("0.2") == n("0.3"))  // never 0.30000000000000004
        #expect(n("1,250.50").description == "1250.5")
        #expect(n("£1,250").description == "1250")
        #expect(n("-3").description == "-3")
        for bad in ["", "1e5", "12.", ".5", "NaN", "--1", "1,25", "12,3456", "1.2.3", "١٢", "1234567890123456789", "+-1", "inf"] {
            #expect(ExactNumber(parsing: bad) == nil, "\(bad)")
        }
        #expect(n("10").divided(by: 3).description == "3.3333")
        #expect(n("2").divided(by: 3).description == "0.6667")
    }

    @Test(arguments: [
        // higher is better, target 40, tolerance 10% (4): AMBER from 36 up to, not including, 40.
        ("higher", "40", "10%", "40", KPIRating.green), ("higher", "40", "10%", "40.01", .green),
        ("higher", "40", "10%", "39.99", .amber), ("higher", "40", "10%", "36", .amber), ("higher", "40", "10%", "35.99", .red),
        // lower is better, target 30 days, tolerance 5 days.
        ("lower", "30", "5", "30", .green), ("lower", "30", "5", "29", .green), ("lower", "30", "5", "30.5", .amber),
        ("lower", "30", "5", "35", .amber), ("lower", "30", "5", "35.0001", .red),
        // no tolerance: anything worse than the target is RED.
        ("higher", "100", "0", "99.99", .red), ("lower", "0", "0%", "0", .green),
        // a negative target: 10% of its size.
        ("higher", "-50", "10%", "-55", .amber), ("higher", "-50", "10%", "-55.01", .red),
    ])
    func ratingAtEveryBoundary(polarity: String, target: String, tolerance: String, value: String, expected: KPIRating) {
        let thresholds = KPIThresholds(polarity: KPIPolarity(rawValue: polarity)!, target: n(target), tolerance: KPITolerance(parsing: tolerance)!)
        #expect(thresholds.rating(of: n(value)) == expected)
    }

    @Test func aBandIsGreenWithinItAndAmberWithinTheToleranceBeyond() {
        // Spend £100,000 to plan: GREEN within £2,000 either way, AMBER within a further 5% (£5,000).
        let spend = KPIThresholds(polarity: .band, target: n("100000"), tolerance: KPITolerance(parsing: "5%")!, band: KPITolerance(parsing: "2000")!)
        #expect(spend.rating(of: n("100000")) == .green)
        #expect(spend.rating(of: n("98000")) == .green)
        #expect(spend.rating(of: n("102000")) == .green)
        #expect(spend.rating(of: n("102000.01")) == .amber)
        #expect(spend.rating(of: n("93000")) == .amber)
        #expect(spend.rating(of: n("107000")) == .amber)
        #expect(spend.rating(of: n("92999.99")) == .red)
        #expect(spend.rating(of: n("107000.01")) == .red)
    }

    @Test func missingValuesAndTargetsAreSaidSo() {
        #expect(KPIThresholds(polarity: .higher, target: n("1")).rating(of: nil) == .noData)
        #expect(KPIThresholds(polarity: .higher, target: nil).rating(of: n("5")) == .noTarget)
    }

    @Test func directionOfTravelReadsThroughPolarity() {
        let higher = KPIThresholds(polarity: .higher, target: n("40"))
        #expect(higher.direction(from: n("38"), to: n("40.5")) == .improving)
        #expect(higher.direction(from: n("40.5"), to: n("38")) == .worsening)
        #expect(higher.direction(from: n("40.50"), to: n("40.5")) == .noChange)
        #expect(higher.direction(from: nil, to: n("40")) == .none)
        #expect(higher.direction(from: n("40"), to: nil) == .none)
        let lower = KPIThresholds(polarity: .lower, target: n("30"))
        #expect(lower.direction(from: n("35"), to: n("31")) == .improving)
        #expect(lower.direction(from: n("31"), to: n("35")) == .worsening)
        let band = KPIThresholds(polarity: .band, target: n("100"))
        #expect(band.direction(from: n("90"), to: n("105")) == .improving)
        #expect(band.direction(from: n("105"), to: n("95")) == .noChange)
        #expect(band.direction(from: n("101"), to: n("110")) == .worsening)
        #expect(KPIDirection.improving.arrow == "↑" && KPIDirection.worsening.label == "Worsening")
    }

    @Test func finerPeriodsRollUp() {
        let months: [ExactNumber?] = [n("10"), nil, n("12.5")]
        #expect(KPIRollUp.cumulative.combine(months) == n("22.5"))
        #expect(KPIRollUp.latest.combine(months) == n("12.5"))
        #expect(KPIRollUp.average.combine(months) == n("11.25"))
        #expect(KPIRollUp.average.combine([n("1"), n("1"), n("2")]) == n("1.3333"))
        #expect(KPIRollUp.latest.combine([nil, nil]) == nil)
        #expect(KPIRollUp.cumulative.combine([]) == nil)
    }

    @Test func unitsReadAndShowValuesAsPeopleWriteThem() {
        #expect(KPIUnit.percentage.parse("40.5%") == n("40.5"))
        #expect(KPIUnit.percentage.format(n("22.38")) == "22.38%")
        #expect(KPIUnit.money.parse("£1,250.50") == n("1250.5"))
        #expect(KPIUnit.money.format(n("-12.5")) == "-£12.5")
        #expect(KPIUnit.money.format(n("1250000.5")) == "£1,250,000.5")
        #expect(KPIUnit.number.format(n("12550")) == "12,550" && KPIUnit.number.format(n("-999")) == "-999")
        #expect(KPIUnit.yesNo.parse("Yes") == n("1") && KPIUnit.yesNo.parse("no") == n("0") && KPIUnit.yesNo.parse("maybe") == nil)
        #expect(KPIUnit.days.format(n("1")) == "1 day" && KPIUnit.days.parse("12 days") == n("12"))
        #expect(KPITolerance(parsing: "-5") == nil && KPITolerance(parsing: "-5%") == nil && KPITolerance(parsing: "five") == nil)
    }

    @Test func monthsAreReadInTheirUsualForms() {
        for text in ["Apr 2017", "April 2017", "apr-17", "2017-04", "APR 17"] {
            #expect(KPIMonth(parsing: text)?.iso == "2017-04", "\(text)")
        }
        #expect(KPIMonth(parsing: "Sept 2017")?.iso == "2017-09")
        for bad in ["2017-13", "Apr", "Apr 201", "Spring 2017", "2017/04", ""] { #expect(KPIMonth(parsing: bad) == nil, "\(bad)") }
        let april = KPIMonth(parsing: "Apr 2017")!
        #expect(april.description == "Apr 2017")
        #expect(april.lies(within: CalendarDate(iso: "2017-04-01")!, CalendarDate(iso: "2017-06-30")!))
        #expect(!april.lies(within: CalendarDate(iso: "2017-04-02")!, CalendarDate(iso: "2017-06-30")!))
    }
}

@Suite struct KPIPermissionTests {
    @Test func theOwnerAndThePerformanceTeamEnterValues() {
        #expect(UserAccess(role: .leadOfficer, personID: 7).may(.updateKPI(owner: 7)))
        #expect(!UserAccess(role: .leadOfficer, personID: 7).may(.updateKPI(owner: 8)))
        #expect(!UserAccess(role: .leadOfficer, personID: nil).may(.updateKPI(owner: nil)))
        #expect(UserAccess(role: .performanceOfficer).may(.updateKPI(owner: nil)))
        #expect(UserAccess(role: .performanceOfficer).may(.manageKPIs))
        for role in [Role.admin, .boardMember, .viewer] {
            #expect(!UserAccess(role: role, personID: 7).may(.updateKPI(owner: 7)))
            #expect(!UserAccess(role: role).may(.manageKPIs))
        }
        #expect(!UserAccess(role: .leadOfficer, personID: 7).may(.manageKPIs))
    }
}
