import Fluent
import Foundation
import WaymarkCore

/// A review's schedule as the domain's rules see it, read in four queries.
enum ScheduleRecords {
    struct Loaded: Sendable {
        var sessions: [OnSiteSchedule.Session]
        var rooms: [ReviewRoom]
        var interviewees: [ReviewInterviewee]
        var visitDays: [CalendarDate]
    }

    static func load(reviewID: Int, on db: any Database) async throws -> Loaded {
        let rooms = try await ReviewRoom.query(on: db).filter(\.$review.$id == reviewID).sort(\.$name).all()
        let interviewees = try await ReviewInterviewee.query(on: db).filter(\.$review.$id == reviewID).sort(\.$name).all()
        let peers = try await PeerMember.query(on: db).filter(\.$review.$id == reviewID).all()
        let rows = try await ReviewSession.query(on: db).filter(\.$review.$id == reviewID).with(\.$theme).all()
        let ids = rows.compactMap(\.id)
        let peerLinks = try await ReviewSessionPeer.query(on: db).filter(\.$session.$id ~~ ids).all()
        let intervieweeLinks = try await ReviewSessionInterviewee.query(on: db).filter(\.$session.$id ~~ ids).all()
        let roomByID = Dictionary(rooms.compactMap { room in room.id.map { ($0, OnSiteSchedule.Room(id: $0, name: room.name)) } }, uniquingKeysWith: { a, _ in a })
        let peerByID = Dictionary(peers.compactMap { peer in peer.id.map { ($0, OnSiteSchedule.Peer(id: $0, name: peer.name)) } }, uniquingKeysWith: { a, _ in a })
        let intervieweeByID = Dictionary(interviewees.compactMap { person in person.id.map { ($0, domain(person)) } }, uniquingKeysWith: { a, _ in a })
        let sessions = rows.compactMap { row -> OnSiteSchedule.Session? in
            guard let id = row.id, let day = CalendarDate(iso: row.day), let start = ClockTime(minutesSinceMidnight: row.starts),
                  let end = ClockTime(minutesSinceMidnight: row.ends) else { return nil }
            return OnSiteSchedule.Session(id: id, day: day, start: start, end: end, room: roomByID[row.$room.id], title: row.title, theme: row.theme?.title,
                                          peers: peerLinks.filter { $0.$session.id == id }.compactMap { peerByID[$0.$peer.id] },
                                          interviewees: intervieweeLinks.filter { $0.$session.id == id }.compactMap { intervieweeByID[$0.$interviewee.id] })
        }
        return Loaded(sessions: sessions, rooms: rooms, interviewees: interviewees, visitDays: try await visitDays(reviewID: reviewID, on: db))
    }

    static func domain(_ person: ReviewInterviewee) -> OnSiteSchedule.Interviewee {
        .init(id: person.id ?? 0, name: person.name, role: person.role, briefedOn: person.briefedOn.flatMap { CalendarDate(iso: $0) })
    }

    /// The days of the on-site visit, from its timeline entry ("19-22 June 2018"); none until it is
    /// dated, and none for a window too long to be a visit, so any day may then be scheduled.
    static func visitDays(reviewID: Int, on db: any Database) async throws -> [CalendarDate] {
        let activities = try await ReviewActivity.query(on: db).filter(\.$review.$id == reviewID).all().compactMap(\.timelineActivity)
        guard let first = ReviewTimeline.visitStarts(activities), let last = ReviewTimeline.visitEnds(activities),
              first.days(until: last) >= 0, first.days(until: last) < 14 else { return [] }
        return (0...first.days(until: last)).map { first.adding(days: $0) }
    }
}
