/// What the council owes the Secretary of State next, from the submissions the Directions require.
public struct SubmissionSchedule: Sendable {
    public struct Item: Sendable, Equatable {
        public var id: Int
        public var title: String
        public var due: CalendarDate
        public var submittedOn: CalendarDate?

        public init(id: Int, title: String, due: CalendarDate, submittedOn: CalendarDate? = nil) {
            self.id = id
            self.title = title
            self.due = due
            self.submittedOn = submittedOn
        }
    }

    public enum Standing: Equatable, Sendable {
        case submitted(on: CalendarDate, late: Bool)
        /// Due within the warning window (30 days by default), or today.
        case dueSoon(days: Int)
        case upcoming(days: Int)
        case overdue(days: Int)

        public var label: String {
            switch self {
            case .submitted(_, let late): late ? "Submitted late" : "Submitted"
            case .dueSoon: "Due soon"
            case .upcoming: "Upcoming"
            case .overdue: "Overdue"
            }
        }

        /// The tag style: submitted like completed, due soon like delayed, overdue like overdue.
        public var key: String {
            switch self {
            case .submitted: "completed"
            case .dueSoon: "delayed"
            case .upcoming: "on_target"
            case .overdue: "overdue"
            }
        }
    }

    public static let warningDays = 30

    public static func standing(of item: Item, today: CalendarDate, warningDays: Int = warningDays) -> Standing {
        if let made = item.submittedOn { return .submitted(on: made, late: made > item.due) }
        let days = today.days(until: item.due)
        if days < 0 { return .overdue(days: -days) }
        return days <= warningDays ? .dueSoon(days: days) : .upcoming(days: days)
    }

    /// The earliest submission not yet made.
    public static func next(_ items: [Item]) -> Item? {
        items.filter { $0.submittedOn == nil }.min { ($0.due, $0.id) < ($1.due, $1.id) }
    }

    /// Words for the warning: "The Q3 update report is due in 4 days, on 22 Dec 2017."
    public static func warning(_ items: [Item], today: CalendarDate, warningDays: Int = warningDays) -> String? {
        guard let next = next(items) else { return nil }
        switch standing(of: next, today: today, warningDays: warningDays) {
        case .overdue(let days): return "\(next.title) is overdue: it was due \(days == 1 ? "yesterday" : "\(days) days ago"), on \(next.due.display)."
        case .dueSoon(let days): return "\(next.title) is due \(days == 0 ? "today" : days == 1 ? "tomorrow" : "in \(days) days"), on \(next.due.display)."
        default: return nil
        }
    }
}
