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
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
