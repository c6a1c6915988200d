/// A time of day on a visit's timetable, to the minute. Interviews are booked in local time on a
/// calendar day, so there is no time zone and no `Date`.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Nil outside 00:00 to 23:59; the day ends at 23:59, so "24:00" is not a time.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    public init?(minutesSinceMidnight minutes: Int) {
        guard (0..<24 * 60).contains(minutes) else { return nil }
        self.init(hour: minutes / 60, minute: minutes % 60)
    }

    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// The 24-hour clock, as printed on the agendas: "09:30".
    public var display: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }

    public var description: String { display }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    /// Reads "09:30", "9:30", "9.30" or "0930". `field` names the box in the message, as in
    /// "Enter the start time as hours and minutes, such as 09:30".
    public static func parse(_ text: String, field: String = "time") -> Result<ClockTime, ClockTimeError> {
        // Checked before trimming, which would otherwise quietly drop a trailing line break.
        if text.unicodeScalars.contains(where: { TextLimit.isRefused($0, singleLine: true) }) {
            return .failure(.init("The \(field) must not contain tabs, line breaks or other control characters"))
        }
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.init("Enter the \(field)")) }
        let format = ClockTimeError("Enter the \(field) as hours and minutes, such as 09:30")
        let parts = trimmed.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "." })
        let hours: Substring, minutes: Substring
        switch parts.count {
        case 1 where trimmed.count == 4:
            hours = trimmed.prefix(2)
            minutes = trimmed.suffix(2)
        case 2 where (1...2).contains(parts[0].count) && parts[1].count == 2:
            hours = parts[0]
            minutes = parts[1]
        default:
            return .failure(format)
        }
        // Int("+9") and Arabic-Indic digits would otherwise get through.
        guard let hour = asciiNumber(hours), let minute = asciiNumber(minutes) else { return .failure(format) }
        guard hour <= 23 else { return .failure(.init("Enter a real \(field): hours go from 0 to 23")) }
        guard minute <= 59 else { return .failure(.init("Enter a real \(field): minutes go from 0 to 59")) }
        return .success(ClockTime(hour: hour, minute: minute)!)
    }

    private static func asciiNumber(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return digits.utf8.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}

public struct ClockTimeError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The rules for the interview timetable of an LGA peer challenge's on-site visit: what stops a
/// session being saved, what is worth warning about, and the orderings the printed agendas use.
public enum OnSiteSchedule {
    public struct Room: Hashable, Sendable {
        public var id: Int
        public var name: String
        public init(id: Int, name: String) { self.id = id; self.name = name }

        /// "Room MP602", but not "Room Sixth floor Conference Room".
        public var reference: String {
            name.lowercased().split(separator: " ").contains("room") ? name : "Room \(name)"
        }
    }

    public struct Peer: Hashable, Sendable {
        public var id: Int
        public var name: String
        public init(id: Int, name: String) { self.id = id; self.name = name }
    }

    public struct Interviewee: Hashable, Sendable {
        public var id: Int
        public var name: String
        public var role: String
        /// Nil until the council has briefed them on what the peers will ask.
        public var briefedOn: CalendarDate?
        public init(id: Int, name: String, role: String, briefedOn: CalendarDate? = nil) {
            self.id = id; self.name = name; self.role = role; self.briefedOn = briefedOn
        }
    }

    public struct Session: Hashable, Sendable, Identifiable {
        public var id: Int
        public var day: CalendarDate
        public var start: ClockTime
        public var end: ClockTime
        /// Nil only while the form is being filled in; `problems(with:)` refuses it.
        public var room: Room?
        public var title: String
        public var theme: String?
        public var peers: [Peer]
        public var interviewees: [Interviewee]

        public init(id: Int, day: CalendarDate, start: ClockTime, end: ClockTime, room: Room?, title: String,
                    theme: String? = nil, peers: [Peer] = [], interviewees: [Interviewee] = []) {
            self.id = id; self.day = day; self.start = start; self.end = end; self.room = room
            self.title = title; self.theme = theme; self.peers = peers; self.interviewees = interviewees
        }

        /// Half-open intervals, so one session may start the minute the last one ends.
        public func overlaps(_ other: Session) -> Bool {
            day == other.day && start < other.end && other.start < end
        }

        /// "\"Finance interview\" on 19 Jun 2018 from 09:30 to 10:30"
        public var described: String { "\"\(title)\" on \(day.display) from \(start.display) to \(end.display)" }
    }

    /// Something wrong with a session on its own, whatever else is booked.
    public enum SessionProblem: Equatable, Sendable {
        case endNotAfterStart
        case notOnAVisitDay(visitDays: [CalendarDate])
        case noRoom

        public var message: String {
            switch self {
            case .endNotAfterStart: "The session must end after it starts"
            case .notOnAVisitDay(let days): "The session must be on a day of the visit (\(listed(days.map(\.display))))"
            case .noRoom: "Choose a room for the session"
            }
        }
    }

    /// Why a session cannot be saved alongside one already booked.
    public enum Clash: Equatable, Sendable {
        case room(Room, bookedFor: Session)
        case peer(Peer, alreadyIn: Session)
        case interviewee(Interviewee, alreadyIn: Session)

        public enum Kind: Equatable, Sendable { case room, peer, interviewee }

        public var kind: Kind {
            switch self {
            case .room: .room
            case .peer: .peer
            case .interviewee: .interviewee
            }
        }

        public var other: Session {
            switch self {
            case .room(_, let other), .peer(_, let other), .interviewee(_, let other): other
            }
        }

        public var message: String {
            switch self {
            case .room(let room, let other): "\(room.reference) is already booked for \(other.described)"
            case .peer(let peer, let other): "\(peer.name) (peer) is already in \(other.described)"
            case .interviewee(let person, let other): "\(person.name) (interviewee) is already in \(other.described)"
            }
        }

        /// The message naming both sessions, the one booked and the one being booked, so the
        /// council can tell which to move: "Room MP602 is already booked for "Leadership" on
        /// 19 Jun 2018 from 09:30 to 10:30, so it cannot also take "Finance" from 10:00 to 11:00".
        public func explanation(booking session: Session) -> String {
            let new = "\"\(session.title)\" from \(session.start.display) to \(session.end.display)"
            switch self {
            case .room: return "\(message), so it cannot also take \(new)"
            case .peer, .interviewee: return "\(message), so cannot also be in \(new)"
            }
        }
    }

    /// Worth telling the council about, but not a reason to refuse the timetable.
    public enum Warning: Equatable, Sendable {
        case tooManySessions(on: CalendarDate, count: Int, limit: Int)
        case notBriefed(Interviewee, before: Session)

        public var message: String {
            switch self {
            case .tooManySessions(let day, let count, let limit):
                "\(day.display) has \(Plural.count(count, "session")); the peer team agreed up to \(limit) a day"
            case .notBriefed(let person, let session):
                "\(person.name) has not been briefed a day before \"\(session.title)\" on \(session.day.display)"
            }
        }
    }

    public struct RoomAgenda: Equatable, Sendable {
        public var room: Room
        public var sessions: [Session]
    }

    public struct IntervieweeAgenda: Equatable, Sendable {
        public var interviewee: Interviewee
        public var sessions: [Session]
    }

    /// What the peer team agreed they can take in a day before the interviews blur together.
    public static let maximumSessionsPerDay = 15

    /// `visitDays` empty means the visit's days are not yet settled, so any day will do.
    public static func problems(with session: Session, visitDays: [CalendarDate] = []) -> [SessionProblem] {
        var problems: [SessionProblem] = []
        if session.end <= session.start { problems.append(.endNotAfterStart) }
        if !visitDays.isEmpty, !visitDays.contains(session.day) {
            problems.append(.notOnAVisitDay(visitDays: Array(Set(visitDays)).sorted()))
        }
        if session.room == nil { problems.append(.noRoom) }
        return problems
    }

    /// Every clash between `session` and the sessions already booked, in the order of those
    /// sessions' times, and for each the room, then peers, then interviewees. A booked session with
    /// the same id is `session` before this edit, so it is ignored.
    public static func clashes(of session: Session, with booked: [Session]) -> [Clash] {
        var clashes: [Clash] = []
        for other in booked.sorted(by: inTimeOrder) where other.id != session.id && session.overlaps(other) {
            if let room = session.room, other.room?.id == room.id { clashes.append(.room(room, bookedFor: other)) }
            let otherPeers = Set(other.peers.map(\.id))
            for peer in unique(session.peers, by: \.id) where otherPeers.contains(peer.id) {
                clashes.append(.peer(peer, alreadyIn: other))
            }
            let otherInterviewees = Set(other.interviewees.map(\.id))
            for person in unique(session.interviewees, by: \.id) where otherInterviewees.contains(person.id) {
                clashes.append(.interviewee(person, alreadyIn: other))
            }
        }
        return clashes
    }

    /// Busy days first, by date, then unbriefed interviewees in the timetable's order.
    public static func warnings(for sessions: [Session], maximumSessionsPerDay limit: Int = maximumSessionsPerDay) -> [Warning] {
        let perDay = Dictionary(grouping: sessions, by: \.day)
        var warnings = perDay.keys.sorted().compactMap { day -> Warning? in
            let count = perDay[day]!.count
            return count > limit ? .tooManySessions(on: day, count: count, limit: limit) : nil
        }
        for session in sessions.sorted(by: inTimeOrder) {
            for person in unique(session.interviewees, by: \.id) {
                // Briefed on the day itself leaves no time to prepare, so it counts as not briefed.
                if let briefed = person.briefedOn, briefed < session.day { continue }
                warnings.append(.notBriefed(person, before: session))
            }
        }
        return warnings
    }

    /// One day's sessions in the order they happen, then by room name.
    public static func agenda(for day: CalendarDate, in sessions: [Session]) -> [Session] {
        sessions.filter { $0.day == day }.sorted(by: inTimeOrder)
    }

    /// One agenda per room used on `day`, rooms in name order; sessions without a room are left out.
    public static func roomAgendas(for day: CalendarDate, in sessions: [Session]) -> [RoomAgenda] {
        let daySessions = agenda(for: day, in: sessions)
        let rooms = unique(daySessions.compactMap(\.room), by: \.id).sorted { byName($0.name, $0.id, $1.name, $1.id) }
        return rooms.map { room in RoomAgenda(room: room, sessions: daySessions.filter { $0.room?.id == room.id }) }
    }

    /// Each interviewee's sessions across the visit in time order, interviewees in name order. The
    /// interviewee's details are taken from their first session.
    public static func intervieweeAgendas(in sessions: [Session]) -> [IntervieweeAgenda] {
        let ordered = sessions.sorted(by: inTimeOrder)
        let people = unique(ordered.flatMap(\.interviewees), by: \.id).sorted { byName($0.name, $0.id, $1.name, $1.id) }
        return people.map { person in
            IntervieweeAgenda(interviewee: person, sessions: ordered.filter { $0.interviewees.contains { $0.id == person.id } })
        }
    }

    /// Day, start, room name, then id, so two printouts of the same timetable always agree.
    static func inTimeOrder(_ a: Session, _ b: Session) -> Bool {
        if a.day != b.day { return a.day < b.day }
        if a.start != b.start { return a.start < b.start }
        return byName(a.room?.name ?? "", a.id, b.room?.name ?? "", b.id)
    }

    private static func byName(_ a: String, _ aID: Int, _ b: String, _ bID: Int) -> Bool {
        let (left, right) = (a.lowercased(), b.lowercased())
        return left != right ? left < right : aID < bID
    }

    /// The first of each id, keeping order; a person picked twice on a form is still one person.
    private static func unique<T>(_ items: [T], by id: KeyPath<T, Int>) -> [T] {
        var seen = Set<Int>()
        return items.filter { seen.insert($0[keyPath: id]).inserted }
    }

    /// "a", "a or b", "a, b or c"
    private static func listed(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
