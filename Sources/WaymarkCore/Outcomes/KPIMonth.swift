import Foundation

/// A calendar month a monthly KPI's value belongs to, written "Apr 2017", "April 2017",
/// "Apr-17" or "2017-04". No I/O.
public struct KPIMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...2999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    static let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let fullNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 2, iso[0].count == 4, let year = Int(iso[0]), iso[1].count == 2, let month = Int(iso[1]) {
            self.init(year: year, month: month)
            return
        }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "-" })
        guard words.count == 2 else { return nil }
        let name = String(words[0])
        guard let index = Self.names.firstIndex(of: name) ?? Self.fullNames.firstIndex(of: name)
                ?? (name == "sept" ? 8 : nil),
              words[1].allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(words[1]) else { return nil }
        switch words[1].count {
        case 4: self.init(year: number, month: index + 1)
        case 2: self.init(year: 2000 + number, month: index + 1)
        default: return nil
        }
    }

    /// "2017-04", the form stored and sent.
    public var iso: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    /// "Apr 2017", the form shown.
    public var description: String { Self.names[month - 1].capitalized + " \(year)" }

    public var firstDay: CalendarDate { CalendarDate.firstDay(month: month, year: year) }
    public var lastDay: CalendarDate { CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))! }

    public static func < (a: KPIMonth, b: KPIMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// Whether the month lies wholly within a reporting period running from `start` to `end`.
    public func lies(within start: CalendarDate, _ end: CalendarDate) -> Bool { firstDay >= start && lastDay <= end }
}
