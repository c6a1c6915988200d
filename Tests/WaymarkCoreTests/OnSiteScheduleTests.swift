import Testing
import WaymarkCore

private typealias Session = OnSiteSchedule.Session
private typealias Room = OnSiteSchedule.Room
private typealias Peer = OnSiteSchedule.Peer
private typealias Interviewee = OnSiteSchedule.Interviewee

private func day(_ d: Int) -> CalendarDate { CalendarDate(year: 2018, month: 6, day: d)! }
private func time(_ text: String) -> ClockTime { try! ClockTime.parse(text).get() }

private let conference = Room(id: 1, name: "Sixth floor Conference Room")
private let mp602 = Room(id: 2, name: "MP602")
private let mp603 = Room(id: 3, name: "MP603")
private let ros = Peer(id: 10, name: "Ros Jones")
private let amir = Peer(id: 11, name: "Amir Khan")
private let jane = Interviewee(id: 20, name: "Jane Smith", role: "Director of Finance", briefedOn: day(15))
private let tom = Interviewee(id: 21, name: "Tom Price", role: "Leader of the Council", briefedOn: day(15))

private func session(_ id: Int, _ title: String, day d: Int = 19, _ start: String, _ end: String, room: Room? = mp602,
                     peers: [Peer] = [], interviewees: [Interviewee] = []) -> Session {
    Session(id: id, day: day(d), start: time(start), end: time(end), room: room, title: title,
            peers: peers, interviewees: interviewees)
}

private let finance = session(1, "Finance interview", "09:30", "10:30", peers: [ros], interviewees: [jane])

/// Nested so that `swift test --filter OnSiteScheduleTests` runs them all.
@Suite struct OnSiteScheduleTests {}

extension OnSiteScheduleTests { @Suite struct Clashes {
    @Test func aDoubleBookedRoomIsRefused() {
        let clashes = OnSiteSchedule.clashes(of: session(2, "Housing focus group", "10:00", "11:00"), with: [finance])
        #expect(clashes == [.room(mp602, bookedFor: finance)])
        #expect(clashes.map(\.kind) == [.room])
        #expect(clashes.first?.other.id == 1 && clashes.first?.other.title == "Finance interview")
        #expect(clashes.map(\.message) == ["Room MP602 is already booked for \"Finance interview\" on 19 Jun 2018 from 09:30 to 10:30"])
        // The message shown names the session being booked too, so the council knows which to move.
        #expect(clashes.map { $0.explanation(booking: session(2, "Housing focus group", "10:00", "11:00")) }
                == ["Room MP602 is already booked for \"Finance interview\" on 19 Jun 2018 from 09:30 to 10:30, so it cannot also take \"Housing focus group\" from 10:00 to 11:00"])
    }

    @Test func aRoomNamedAsARoomIsNotCalledRoomTwice() {
        let base = session(1, "Peer team base", "08:00", "18:00", room: conference)
        let clashes = OnSiteSchedule.clashes(of: session(2, "Briefing", "09:00", "09:15", room: conference), with: [base])
        #expect(clashes.map(\.message) == ["Sixth floor Conference Room is already booked for \"Peer team base\" on 19 Jun 2018 from 08:00 to 18:00"])
    }

    @Test func aPeerCannotBeInTwoPlacesAtOnce() {
        let clashes = OnSiteSchedule.clashes(of: session(2, "Scrutiny", "10:00", "11:00", room: mp603, peers: [amir, ros]), with: [finance])
        #expect(clashes == [.peer(ros, alreadyIn: finance)])
        #expect(clashes.map(\.message) == ["Ros Jones (peer) is already in \"Finance interview\" on 19 Jun 2018 from 09:30 to 10:30"])
    }

    @Test func anIntervieweeCannotBeInTwoPlacesAtOnce() {
        let clashes = OnSiteSchedule.clashes(of: session(2, "Budget setting", "09:00", "09:45", room: mp603, interviewees: [tom, jane]), with: [finance])
        #expect(clashes == [.interviewee(jane, alreadyIn: finance)])
        #expect(clashes.map(\.message) == ["Jane Smith (interviewee) is already in \"Finance interview\" on 19 Jun 2018 from 09:30 to 10:30"])
    }

    @Test func backToBackSessionsDoNotClash() {
        let after = session(2, "Finance follow-up", "10:30", "11:30", peers: [ros], interviewees: [jane])
        let before = session(3, "Early start", "08:30", "09:30", peers: [ros], interviewees: [jane])
        #expect(OnSiteSchedule.clashes(of: after, with: [finance]).isEmpty)
        #expect(OnSiteSchedule.clashes(of: before, with: [finance]).isEmpty)
    }

    @Test func oneMinuteOfOverlapClashes() {
        let late = session(2, "Late start", "10:29", "11:30")
        let early = session(3, "Early finish", "08:30", "09:31")
        #expect(OnSiteSchedule.clashes(of: late, with: [finance]).map(\.kind) == [.room])
        #expect(OnSiteSchedule.clashes(of: early, with: [finance]).map(\.kind) == [.room])
    }

    @Test func editingASessionDoesNotClashWithItsOldSelf() {
        var moved = finance
        moved.start = time("10:00")
        moved.end = time("11:00")
        #expect(OnSiteSchedule.clashes(of: moved, with: [finance]).isEmpty)
    }

    @Test func theSameTimesOnAnotherDayDoNotClash() {
        let nextDay = session(2, "Finance interview", day: 20, "09:30", "10:30", peers: [ros], interviewees: [jane])
        #expect(OnSiteSchedule.clashes(of: nextDay, with: [finance]).isEmpty)
    }

    @Test func everyClashIsReportedTogetherInTimeOrder() {
        let later = session(3, "Audit committee", "11:00", "12:00", room: mp603, peers: [amir], interviewees: [tom])
        let busy = session(4, "Leadership", "10:00", "11:30", peers: [ros, amir], interviewees: [jane, tom])
        let clashes = OnSiteSchedule.clashes(of: busy, with: [later, finance])
        #expect(clashes == [
            .room(mp602, bookedFor: finance), .peer(ros, alreadyIn: finance), .interviewee(jane, alreadyIn: finance),
            .peer(amir, alreadyIn: later), .interviewee(tom, alreadyIn: later),
        ])
        #expect(clashes.map(\.message).last == "Tom Price (interviewee) is already in \"Audit committee\" on 19 Jun 2018 from 11:00 to 12:00")
    }

    @Test func aPersonPickedTwiceClashesOnce() {
        let doubled = session(2, "Scrutiny", "10:00", "11:00", room: mp603, peers: [ros, ros])
        #expect(OnSiteSchedule.clashes(of: doubled, with: [finance]) == [.peer(ros, alreadyIn: finance)])
    }
} }

extension OnSiteScheduleTests { @Suite struct SessionProblems {
    private let visit = [day(21), day(19), day(20)]

    @Test func aGoodSessionHasNoProblems() {
        #expect(OnSiteSchedule.problems(with: finance, visitDays: visit).isEmpty)
        #expect(OnSiteSchedule.problems(with: session(1, "Any day", day: 1, "09:00", "09:01")).isEmpty)
    }

    @Test func aSessionMustEndAfterItStarts() {
        let problems = OnSiteSchedule.problems(with: session(1, "Zero length", "10:00", "10:00"))
        #expect(problems == [.endNotAfterStart])
        #expect(problems.map(\.message) == ["The session must end after it starts"])
        #expect(OnSiteSchedule.problems(with: session(1, "Backwards", "10:00", "09:00")) == [.endNotAfterStart])
    }

    @Test func aSessionMustBeOnADayOfTheVisitAndInARoom() {
        let problems = OnSiteSchedule.problems(with: session(1, "Stray", day: 22, "10:00", "11:00", room: nil), visitDays: visit)
        #expect(problems == [.notOnAVisitDay(visitDays: [day(19), day(20), day(21)]), .noRoom])
        #expect(problems.map(\.message) == [
            "The session must be on a day of the visit (19 Jun 2018, 20 Jun 2018 or 21 Jun 2018)",
            "Choose a room for the session",
        ])
    }
} }

extension OnSiteScheduleTests { @Suite struct Warnings {
    private func fullDay(_ count: Int) -> [Session] {
        (0..<count).map { session(100 + $0, "Slot \($0)", "08:00", "09:00", room: Room(id: 100 + $0, name: "Room \($0)")) }
    }

    @Test func fifteenSessionsADayIsTheAgreedLimit() {
        #expect(OnSiteSchedule.maximumSessionsPerDay == 15)
        #expect(OnSiteSchedule.warnings(for: fullDay(15)).isEmpty)
    }

    @Test func sixteenSessionsADayIsWarned() {
        let warnings = OnSiteSchedule.warnings(for: fullDay(16) + [session(1, "Other day", day: 20, "09:00", "10:00")])
        #expect(warnings == [.tooManySessions(on: day(19), count: 16, limit: 15)])
        #expect(warnings.map(\.message) == ["19 Jun 2018 has 16 sessions; the peer team agreed up to 15 a day"])
    }

    @Test(arguments: [(day(17), false), (day(18), false), (day(19), true), (day(20), true), (nil, true)] as [(CalendarDate?, Bool)])
    func intervieweesAreBriefedByTheDayBefore(briefed: CalendarDate?, warned: Bool) {
        var person = jane
        person.briefedOn = briefed
        let interview = session(1, "Finance interview", "09:30", "10:30", interviewees: [person])
        let warnings = OnSiteSchedule.warnings(for: [interview])
        #expect(warnings == (warned ? [.notBriefed(person, before: interview)] : []))
        if warned {
            #expect(warnings.map(\.message) == ["Jane Smith has not been briefed a day before \"Finance interview\" on 19 Jun 2018"])
        }
    }
} }

extension OnSiteScheduleTests { @Suite struct Agendas {
    private let timetable = [
        session(4, "Scrutiny", day: 20, "09:00", "10:00", room: mp603, interviewees: [jane]),
        session(3, "Members", "11:00", "12:00", room: mp603, interviewees: [tom, jane]),
        session(2, "Housing", "09:30", "10:30", room: mp603, interviewees: [tom]),
        finance,
    ]

    @Test func aDaysAgendaIsInTimeThenRoomOrder() {
        #expect(OnSiteSchedule.agenda(for: day(19), in: timetable).map(\.id) == [1, 2, 3])
        #expect(OnSiteSchedule.agenda(for: day(21), in: timetable).isEmpty)
    }

    @Test func eachRoomHasItsOwnAgenda() {
        let rooms = OnSiteSchedule.roomAgendas(for: day(19), in: timetable)
        #expect(rooms.map(\.room) == [mp602, mp603])
        #expect(rooms.map { $0.sessions.map(\.id) } == [[1], [2, 3]])
    }

    @Test func eachIntervieweeHasTheirSessionsInTimeOrder() {
        let people = OnSiteSchedule.intervieweeAgendas(in: timetable)
        #expect(people.map(\.interviewee.name) == ["Jane Smith", "Tom Price"])
        #expect(people.map { $0.sessions.map(\.id) } == [[1, 3, 4], [2, 3]])
    }
} }

extension OnSiteScheduleTests { @Suite struct ClockTimes {
    @Test(arguments: [("09:30", 9, 30), ("9:30", 9, 30), ("0930", 9, 30), ("9.30", 9, 30), (" 14:05 ", 14, 5),
                      ("00:00", 0, 0), ("23:59", 23, 59), ("2359", 23, 59)])
    func readsHoursAndMinutes(text: String, hour: Int, minute: Int) throws {
        let parsed = try ClockTime.parse(text).get()
        #expect(parsed == ClockTime(hour: hour, minute: minute))
        #expect(parsed.minutesSinceMidnight == hour * 60 + minute)
    }

    @Test func displaysWithTwoDigits() {
        #expect(time("9:05").display == "09:05")
        #expect(ClockTime(minutesSinceMidnight: 14 * 60 + 30)?.display == "14:30")
        #expect(ClockTime(minutesSinceMidnight: 24 * 60) == nil)
        #expect(ClockTime(hour: 24, minute: 0) == nil)
    }

    @Test(arguments: [
        ("", "Enter the start time"),
        ("   ", "Enter the start time"),
        ("24:00", "Enter a real start time: hours go from 0 to 23"),
        ("2400", "Enter a real start time: hours go from 0 to 23"),
        ("9:60", "Enter a real start time: minutes go from 0 to 59"),
        ("09:30\n", "The start time must not contain tabs, line breaks or other control characters"),
        ("09\u{0}30", "The start time must not contain tabs, line breaks or other control characters"),
        ("9:5", "Enter the start time as hours and minutes, such as 09:30"),
        ("930", "Enter the start time as hours and minutes, such as 09:30"),
        ("9", "Enter the start time as hours and minutes, such as 09:30"),
        ("9am", "Enter the start time as hours and minutes, such as 09:30"),
        ("09:30:00", "Enter the start time as hours and minutes, such as 09:30"),
        ("123:30", "Enter the start time as hours and minutes, such as 09:30"),
        ("+9:30", "Enter the start time as hours and minutes, such as 09:30"),
        ("-1:30", "Enter the start time as hours and minutes, such as 09:30"),
        ("٠٩:٣٠", "Enter the start time as hours and minutes, such as 09:30"),
        (":30", "Enter the start time as hours and minutes, such as 09:30"),
    ])
    func refusesAnythingElseSayingWhy(text: String, message: String) {
        guard case .failure(let error) = ClockTime.parse(text, field: "start time") else {
            Issue.record("\(text.debugDescription) should not parse")
            return
        }
        #expect(error.description == message)
    }
} }
