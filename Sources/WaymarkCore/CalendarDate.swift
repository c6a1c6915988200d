/// A day in the proleptic Gregorian calendar, with no time or time zone.
///
/// Deadlines and completion dates in a plan are calendar days, not instants: "30 Jun 2017" must
/// mean the same day on every server, whatever its time zone, so Foundation's `Date` is avoided.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil when the day does not exist (30 Feb, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...9999).contains(year),
              day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func firstDay(month: Int, year: Int) -> CalendarDate {
        CalendarDate(unchecked: year, month, 1)
    }

    public static func lastDay(month: Int, year: Int) -> CalendarDate {
        CalendarDate(unchecked: year, month, daysIn(month: month, year: year))
    }

    /// Days since 1970-01-01 (negative before it). Howard Hinnant's days_from_civil.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Calendar-month arithmetic that keeps the day where it can and otherwise clamps to the
    /// month's last day, so 31 Jan plus one month is 28 Feb (29 Feb in a leap year).
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12
        let newMonth = index % 12 + 1
        return CalendarDate(unchecked: newYear, newMonth, min(day, CalendarDate.daysIn(month: newMonth, year: newYear)))
    }

    public func days(until other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601, as stored in the database and used in URLs: "2017-06-30".
    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    /// Reads exactly "YYYY-MM-DD"; anything else is nil.
    public init?(iso text: String) {
        var text = text
        guard let parsed = text.withUTF8({ CalendarDate.parseISO($0) }) else { return nil }
        self = parsed
    }

    public init?(iso text: Substring) {
        self.init(iso: String(text))
    }

    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10 else { return nil }
        var parts = (0, 0, 0)
        var count = 0
        for byte in bytes {
            switch count {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= 48, byte <= 57 else { return nil }
                let digit = Int(byte - 48)
                if count < 4 { parts.0 = parts.0 * 10 + digit } else if count < 7 { parts.1 = parts.1 * 10 + digit } else { parts.2 = parts.2 * 10 + digit }
            default:
                return nil
            }
            count += 1
        }
        return CalendarDate(year: parts.0, month: parts.1, day: parts.2)
    }

    public static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]

    /// The GOV.UK style for dates in running text: "30 Jun 2017".
    public var display: String {
        "\(day) \(CalendarDate.monthAbbreviations[month - 1]) \(year)"
    }
}
