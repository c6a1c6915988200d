import Foundation
import NIOConcurrencyHelpers
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

    static let zoneVariable = "WAYMARK_TIME_ZONE"

    /// The council's time zone, in which "today" begins and ends everywhere in Waymark (statuses,
    /// deadlines, reviewers' access): `WAYMARK_TIME_ZONE`, by default Europe/London, whatever
    /// zone the server's clock is set to. A name Waymark does not know stops start-up.
    static func zone(from environment: [String: String]) throws -> TimeZone {
        let name = environment[zoneVariable].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? "Europe/London"
        guard let zone = TimeZone(identifier: name) else {
            throw StartupError("\(zoneVariable): \"\(name)\" is not a time zone Waymark knows; give a name such as Europe/London or Europe/Dublin")
        }
        return zone
    }

    /// The council's zone, from the settings at start-up (`Waymark.configure`); Europe/London
    /// until then. One process serves one council, so it is set once for the whole process.
    static func use(_ zone: TimeZone) {
        calendarBox.withLockedValue { $0.timeZone = zone }
    }

    private static let calendarBox: NIOLockedValueBox<Calendar> = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .current
        return NIOLockedValueBox(calendar)
    }()

    private static var calendar: Calendar { calendarBox.withLockedValue { $0 } }
}
