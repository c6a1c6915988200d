import Fluent
import Foundation
import WaymarkCore

/// Books the on-site visit: rooms, interviewees and their briefings, and sessions. A session that
/// would put a room, a peer or an interviewee in two places at once is refused, naming both
/// sessions. Each write is validated, runs in one transaction and is audited.
struct ScheduleService {
    let db: any Database
    let user: User

    struct SessionInput: Sendable {
        var day = "", starts = "", ends = "", title = ""
        var roomID: Int?, themeID: Int?
        var peerIDs: [Int] = [], intervieweeIDs: [Int] = []
    }

    private var reviews: ReviewService { ReviewService(db: db, user: user) }

    func addRoom(reviewID: Int, name: String, purpose: String) async throws -> WriteResult<ReviewRoom> {
        try reviews.allowed()
        let name = name.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(.init(field: "room_name", message: "Enter the room's name, such as MP602")) }
        reviews.check(name, .name, label: "Room", field: "room_name", into: &errors)
        let kind = ReviewRoom.Purpose(rawValue: purpose)
        if kind == nil { errors.append(.init(field: "purpose", message: "Select whether it is the team's base or an interview room")) }
        guard errors.isEmpty, let kind else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            if try await ReviewRoom.query(on: tx).filter(\.$review.$id == reviewID).filter(\.$name == name).first() != nil {
                return .invalid("room_name", "\(name) is already one of this visit's rooms")
            }
            let room = ReviewRoom()
            (room.$review.id, room.name, room.purpose) = (reviewID, name, kind)
            try await room.create(on: tx)
            try await reviews.audit("review_room.added", "review_room", room.id, planID: review.$plan.id, "Added the room \(name) (\(kind.label.lowercased()))",
                                    after: ["name": name, "purpose": kind.rawValue], on: tx)
            return .saved(room)
        }
    }

    func addInterviewee(reviewID: Int, name: String, role: String, briefedOn: String) async throws -> WriteResult<ReviewInterviewee> {
        try reviews.allowed()
        let name = name.trimmingCharacters(in: .whitespaces), role = role.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(.init(field: "interviewee_name", message: "Enter the interviewee's name")) }
        reviews.check(name, .name, label: "Name", field: "interviewee_name", into: &errors)
        reviews.check(role, .title, label: "Role", field: "interviewee_role", into: &errors)
        let briefed = briefedOn.trimmingCharacters(in: .whitespaces)
        if !briefed.isEmpty && CalendarDate(iso: briefed) == nil { errors.append(.init(field: "briefed_on", message: "The date they were briefed must be a real date")) }
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            let person = ReviewInterviewee()
            (person.$review.id, person.name, person.role, person.briefedOn) = (reviewID, name, role, briefed.isEmpty ? nil : briefed)
            try await person.create(on: tx)
            try await reviews.audit("interviewee.added", "review_interviewee", person.id, planID: review.$plan.id, "Added \(name) as an interviewee",
                                    after: ["name": name, "role": role, "briefed_on": briefed], on: tx)
            return .saved(person)
        }
    }

    func recordBriefing(intervieweeID: Int, briefedOn: String) async throws -> WriteResult<ReviewInterviewee> {
        try reviews.allowed()
        let briefed = briefedOn.trimmingCharacters(in: .whitespaces)
        guard let day = CalendarDate(iso: briefed) else { return .invalid("briefed_on-\(intervieweeID)", "Enter the date they were briefed") }
        return try await db.writeTransaction { tx in
            guard let person = try await ReviewInterviewee.find(intervieweeID, on: tx), let review = try await Review.find(person.$review.id, on: tx) else {
                throw WriteRefusal.notFound("interviewee")
            }
            let before = person.briefedOn ?? ""
            person.briefedOn = day.iso
            try await person.save(on: tx)
            try await reviews.audit("interviewee.briefed", "review_interviewee", intervieweeID, planID: review.$plan.id, "Recorded \(person.name) as briefed on \(day.display)",
                                    before: ["briefed_on": before], after: ["briefed_on": day.iso], on: tx)
            return .saved(person)
        }
    }

    /// Books a session, unless it clashes with one already booked. Sessions of one review are
    /// booked one at a time (the review's row is locked), so two clashing bookings made at the
    /// same moment cannot both pass the check.
    func addSession(reviewID: Int, _ input: SessionInput) async throws -> WriteResult<ReviewSession> {
        try reviews.allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "session_title", message: "Enter the session's title, such as \"Finance and resources\"")) }
        reviews.check(title, .title, label: "Title", field: "session_title", into: &errors)
        let day = CalendarDate(iso: input.day.trimmingCharacters(in: .whitespaces))
        if day == nil { errors.append(.init(field: "day", message: "Enter the day of the session as a real date")) }
        var times: [ClockTime] = []
        for (field, text, label) in [("starts", input.starts, "start time"), ("ends", input.ends, "end time")] {
            switch ClockTime.parse(text, field: label) {
            case .success(let time): times.append(time)
            case .failure(let problem): errors.append(.init(field: field, message: problem.description))
            }
        }
        if input.roomID == nil { errors.append(.init(field: "room_id", message: "Choose a room for the session")) }
        guard errors.isEmpty, let day, times.count == 2, let roomID = input.roomID else { return .invalid(errors) }
        let (start, end) = (times[0], times[1])
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            let booked = try await ScheduleRecords.load(reviewID: reviewID, on: tx)
            guard let room = booked.rooms.first(where: { $0.id == roomID }) else { return .invalid("room_id", "Choose one of this visit's rooms") }
            let peers = try await PeerMember.query(on: tx).filter(\.$review.$id == reviewID).filter(\.$id ~~ input.peerIDs).all()
            let people = booked.interviewees.filter { input.intervieweeIDs.contains($0.id ?? -1) }
            guard peers.count == Set(input.peerIDs).count, people.count == Set(input.intervieweeIDs).count else {
                return .invalid("peers", "Choose peers and interviewees of this review")
            }
            if let theme = input.themeID, try await ReviewTheme.query(on: tx).filter(\.$id == theme).filter(\.$review.$id == reviewID).first() == nil {
                return .invalid("theme_id", "Choose one of this review's themes")
            }
            let candidate = OnSiteSchedule.Session(id: 0, day: day, start: start, end: end, room: .init(id: roomID, name: room.name), title: title, theme: nil,
                                                   peers: peers.map { .init(id: $0.id ?? 0, name: $0.name) }, interviewees: people.map(ScheduleRecords.domain))
            let problems = OnSiteSchedule.problems(with: candidate, visitDays: booked.visitDays).map { problem -> FieldError in
                switch problem {
                case .endNotAfterStart: .init(field: "ends", message: problem.message)
                case .notOnAVisitDay: .init(field: "day", message: problem.message)
                case .noRoom: .init(field: "room_id", message: problem.message)
                }
            }
            let clashes = OnSiteSchedule.clashes(of: candidate, with: booked.sessions).map { clash -> FieldError in
                switch clash.kind {
                case .room: .init(field: "room_id", message: clash.explanation(booking: candidate))
                case .peer: .init(field: "peers", message: clash.explanation(booking: candidate))
                case .interviewee: .init(field: "interviewees", message: clash.explanation(booking: candidate))
                }
            }
            guard problems.isEmpty && clashes.isEmpty else { return .invalid(problems + clashes) }
            let session = ReviewSession()
            (session.$review.id, session.day, session.starts, session.ends, session.title) = (reviewID, day.iso, start.minutesSinceMidnight, end.minutesSinceMidnight, title)
            (session.$room.id, session.$theme.id) = (roomID, input.themeID)
            try await session.create(on: tx)
            let sessionID = try session.requireID()
            for peer in Set(input.peerIDs).sorted() {
                let link = ReviewSessionPeer()
                (link.$session.id, link.$peer.id) = (sessionID, peer)
                try await link.create(on: tx)
            }
            for person in Set(input.intervieweeIDs).sorted() {
                let link = ReviewSessionInterviewee()
                (link.$session.id, link.$interviewee.id) = (sessionID, person)
                try await link.create(on: tx)
            }
            try await reviews.audit("review_session.booked", "review_session", sessionID, planID: review.$plan.id,
                                    "Booked \(candidate.described) in \(room.name)",
                                    after: ["day": day.iso, "starts": start.display, "ends": end.display, "room": room.name, "title": title,
                                            "peers": peers.map(\.name).sorted().joined(separator: ", "), "interviewees": people.map(\.name).sorted().joined(separator: ", ")], on: tx)
            return .saved(session)
        }
    }

    func cancelSession(sessionID: Int) async throws -> WriteResult<Void> {
        try reviews.allowed()
        return try await db.writeTransaction { tx in
            guard let session = try await ReviewSession.find(sessionID, on: tx), let review = try await Review.find(session.$review.id, on: tx) else {
                throw WriteRefusal.notFound("session")
            }
            try await session.delete(on: tx)
            try await reviews.audit("review_session.cancelled", "review_session", sessionID, planID: review.$plan.id,
                                    "Cancelled \"\(session.title)\" on \(CalendarDate(iso: session.day)?.display ?? session.day)",
                                    after: ["day": session.day, "title": session.title], on: tx)
            return .saved
        }
    }
}
