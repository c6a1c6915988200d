import Foundation
import WaymarkCore

/// The day statuses are worked out for: `--as-of YYYY-MM-DD`, or today in the server's zone.
enum AsOf {
    static func parse(_ text: String?, field: String = "--as-of") throws -> CalendarDate {
        guard let text, !text.isEmpty else { return today() }
        guard let date = CalendarDate(iso: text) else {
            throw CommandFailure("\(field): \"\(text)\" is not a date; write it as YYYY-MM-DD, such as 2017-12-31")
        }
        return date
    }

    static func today(_ now: Date = Date()) -> CalendarDate {
        let parts = calendar.dateComponents(in: calendar.timeZone, from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The moment a day begins, in the same time zone as `today()`, so "since the period began"
    /// and "as it stood at the end of the day" agree with the dates Waymark shows.
    static func start(of day: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date()
    }

    /// Midnight after the day.
    static func end(of day: CalendarDate) -> Date {
        start(of: day.adding(days: 1))
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar
    }()
}
