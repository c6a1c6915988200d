/// A period the programme reports on: a UK financial-year quarter ("Q3 2017-18", October to
/// December 2017) by default, or a half year ("H1 2017-18", April to September 2017).
public struct ReportingPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Cadence: String, CaseIterable, Codable, Sendable {
        case quarterly
        case sixMonthly = "six_monthly"

        public var label: String { self == .quarterly ? "Quarterly" : "Six-monthly" }
        var periodsPerYear: Int { self == .quarterly ? 4 : 2 }
        var months: Int { 12 / periodsPerYear }
        var prefix: Character { self == .quarterly ? "Q" : "H" }
    }

    public let cadence: Cadence
    /// The calendar year the financial year starts in: 2017 for 2017-18.
    public let financialYear: Int
    /// 1...4 for quarters, 1...2 for halves.
    public let number: Int

    public init?(cadence: Cadence, financialYear: Int, number: Int) {
        guard (1...cadence.periodsPerYear).contains(number), (1900...9998).contains(financialYear) else { return nil }
        self.cadence = cadence
        self.financialYear = financialYear
        self.number = number
    }

    /// The period that a day falls in. A financial year starts on 1 April.
    public static func containing(_ date: CalendarDate, cadence: Cadence) -> ReportingPeriod {
        let year = date.month >= 4 ? date.year : date.year - 1
        let monthsIn = (date.month + 12 - 4) % 12
        return ReportingPeriod(cadence: cadence, financialYear: year, number: monthsIn / cadence.months + 1)!
    }

    public var start: CalendarDate {
        let monthsIn = (number - 1) * cadence.months
        let month = (3 + monthsIn) % 12 + 1
        return CalendarDate.firstDay(month: month, year: month >= 4 ? financialYear : financialYear + 1)
    }

    public var end: CalendarDate { next.start.adding(days: -1) }

    public var next: ReportingPeriod {
        number == cadence.periodsPerYear
            ? ReportingPeriod(cadence: cadence, financialYear: financialYear + 1, number: 1)!
            : ReportingPeriod(cadence: cadence, financialYear: financialYear, number: number + 1)!
    }

    public var previous: ReportingPeriod {
        number == 1
            ? ReportingPeriod(cadence: cadence, financialYear: financialYear - 1, number: cadence.periodsPerYear)!
            : ReportingPeriod(cadence: cadence, financialYear: financialYear, number: number - 1)!
    }

    /// "2017-18", as councils write a financial year.
    public var financialYearLabel: String {
        let following = (financialYear + 1) % 100
        return "\(financialYear)-\(following < 10 ? "0" : "")\(following)"
    }

    /// "Q3 2017-18" or "H1 2017-18".
    public var label: String { "\(cadence.prefix)\(number) \(financialYearLabel)" }

    /// "October to December 2017", for titles such as the Board report's.
    public var months: String {
        let from = CalendarDate.monthNames[start.month - 1], to = CalendarDate.monthNames[end.month - 1]
        return start.year == end.year ? "\(from) to \(to) \(end.year)" : "\(from) \(start.year) to \(to) \(end.year)"
    }

    public var description: String { label }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }

    /// Every period overlapping `first...last`, in order.
    public static func covering(_ first: CalendarDate, _ last: CalendarDate, cadence: Cadence) -> [ReportingPeriod] {
        guard first <= last else { return [] }
        var periods = [containing(first, cadence: cadence)]
        while let latest = periods.last, latest.end < last { periods.append(latest.next) }
        return periods
    }

    /// Reads "Q3 2017-18", "q3 2017/18", "H2 2017-2018" or "Q1 2018-19"; nil with a reason otherwise.
    public static func parse(_ text: String) -> Result<ReportingPeriod, ReportingPeriodError> {
        let trimmed = text.trimmingWhitespace().uppercased()
        let parts = trimmed.split(whereSeparator: { $0 == " " })
        guard parts.count == 2, let letter = parts[0].first, parts[0].count == 2, let number = Int(parts[0].dropFirst()) else {
            return .failure(.init(text: text, reason: "write it like \"Q3 2017-18\" (a quarter) or \"H1 2017-18\" (a half year)"))
        }
        let cadence: Cadence
        switch letter {
        case "Q": cadence = .quarterly
        case "H": cadence = .sixMonthly
        default: return .failure(.init(text: text, reason: "it should start with Q (quarter) or H (half year)"))
        }
        let years = parts[1].split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard years.count == 2, let first = Int(years[0]), years[0].count == 4, let second = Int(years[1]),
              second % 100 == (first + 1) % 100, years[1].count == 2 || second == first + 1 else {
            return .failure(.init(text: text, reason: "the financial year should be two years in a row, like 2017-18"))
        }
        guard let period = ReportingPeriod(cadence: cadence, financialYear: first, number: number) else {
            return .failure(.init(text: text, reason: cadence == .quarterly ? "a quarter is Q1 to Q4" : "a half year is H1 or H2"))
        }
        return .success(period)
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

public struct ReportingPeriodError: Error, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "\"\(text)\" is not a reporting period: \(reason)" }
}
