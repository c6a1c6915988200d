import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The on-site visit of 19-22 June 2018 booked through the pages: rooms, interviewees, sessions,
/// every kind of clash refused naming both sessions, and the warnings.
@Suite struct ScheduleTests {
    static func visit(_ app: Application) async throws -> (team: WebClient, review: Int, rooms: [Int], peers: [Int], people: [Int]) {
        var (team, _, review) = try await ReviewPagesTests.setUp(app)
        let visit = try #require(try await ReviewActivity.query(on: app.db).filter(\.$review.$id == review).filter(\.$kind == .onSiteVisit).first())
        #expect(try await team.post("/review-activities/\(visit.id!)", ["kind": "on_site_visit", "deadline": "19-22 June 2018", "version": "1"]).status == .seeOther)
        for (name, purpose) in [("Sixth floor Conference Room", "base"), ("MP602", "interview"), ("MP603", "interview")] {
            #expect(try await team.post("/reviews/\(review)/rooms", ["room_name": name, "purpose": purpose]).status == .seeOther)
        }
        for name in ["Mary Ney", "Ros Jones"] {
            #expect(try await team.post("/reviews/\(review)/peers", ["name": name, "role": "Peer"]).status == .seeOther)
        }
        #expect(try await team.post("/reviews/\(review)/interviewees", ["interviewee_name": "Jane Smith", "interviewee_role": "Section 151 officer", "briefed_on": "2018-06-12"]).status == .seeOther)
        #expect(try await team.post("/reviews/\(review)/interviewees", ["interviewee_name": "Tom Brown", "interviewee_role": "Cabinet Member", "briefed_on": ""]).status == .seeOther)
        let rooms = try await ReviewRoom.query(on: app.db).sort(\.$name).all().map { $0.id! }  // MP602, MP603, Sixth floor
        let peers = try await PeerMember.query(on: app.db).sort(\.$position).all().map { $0.id! }
        let people = try await ReviewInterviewee.query(on: app.db).sort(\.$name).all().map { $0.id! }  // Jane, Tom
        return (team, review, rooms, peers, people)
    }

    static func session(_ title: String, day: String = "2018-06-19", _ starts: String, _ ends: String, room: Int, peers: [Int] = [], people: [Int] = []) -> [String: String] {
        var form = ["session_title": title, "day": day, "starts": starts, "ends": ends, "room_id": "\(room)"]
        for peer in peers { form["peer-\(peer)"] = "yes" }
        for person in people { form["interviewee-\(person)"] = "yes" }
        return form
    }

    @Test(arguments: TestDatabase.allCases)
    func clashesAreRefusedNamingBothSessions(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, review, rooms, peers, people) = try await Self.visit(app)
            let path = "/reviews/\(review)/sessions"
            #expect(try await team.post(path, Self.session("Finance interview", "09:30", "10:30", room: rooms[0], peers: [peers[0]], people: [people[0]])).status == .seeOther)
            // Back to back in the same room, with the same people: no clash.
            #expect(try await team.post(path, Self.session("Leadership", "10:30", "11:30", room: rooms[0], peers: [peers[0]], people: [people[0]])).status == .seeOther)

            let refusals: [([String: String], String, String)] = [
                (Self.session("Room clash", "10:00", "11:00", room: rooms[0]), "room_id", "Room MP602 is already booked for &quot;Finance interview&quot; on 19 Jun 2018 from 09:30 to 10:30, so it cannot also take &quot;Room clash&quot; from 10:00 to 11:00</a>"),
                (Self.session("Peer clash", "09:00", "09:31", room: rooms[1], peers: [peers[0]]), "peers", "Mary Ney (peer) is already in &quot;Finance interview&quot; on 19 Jun 2018 from 09:30 to 10:30, so cannot also be in &quot;Peer clash&quot; from 09:00 to 09:31</a>"),
                (Self.session("Interviewee clash", "11:29", "12:00", room: rooms[1], people: [people[0]]), "interviewees", "Jane Smith (interviewee) is already in &quot;Leadership&quot; on 19 Jun 2018 from 10:30 to 11:30, so cannot also be in &quot;Interviewee clash&quot; from 11:29 to 12:00</a>"),
                (Self.session("Backwards", "12:00", "11:00", room: rooms[1]), "ends", "The session must end after it starts"),
                (Self.session("Off the visit", day: "2018-06-25", "09:00", "10:00", room: rooms[1]), "day", "The session must be on a day of the visit"),
                (Self.session("Bad time", "25:00", "26:00", room: rooms[1]), "starts", "Enter a real start time"),
                (Self.session("", "13:00", "14:00", room: rooms[1]), "session_title", "Enter the session&#39;s title"),
            ]
            for (form, field, says) in refusals {
                let response = try await team.post(path, form)
                #expect(response.status == .unprocessableEntity, "\(form["session_title"] ?? "")")
                #expect(response.body.string.contains("<li><a href=\"#\(field)\">\(says)"), "\(says)")
            }
            // All three kinds at once are all named.
            let everything = try await team.post(path, Self.session("Everything", "10:00", "10:45", room: rooms[0], peers: [peers[0]], people: [people[0]]))
            #expect(everything.body.string.contains("<li><a href=\"#room_id\">") && everything.body.string.contains("<li><a href=\"#peers\">") && everything.body.string.contains("<li><a href=\"#interviewees\">"))
            #expect(try await ReviewSession.query(on: app.db).count() == 2)

            // A session on another day, and a cancelled one, free the room again.
            #expect(try await team.post(path, Self.session("Day two", day: "2018-06-20", "09:30", "10:30", room: rooms[0], people: [people[1]])).status == .seeOther)
            let first = try #require(try await ReviewSession.query(on: app.db).filter(\.$title == "Finance interview").first())
            #expect(try await team.post("/review-sessions/\(first.id!)/cancel", [:]).status == .seeOther)
            #expect(try await team.post(path, Self.session("Room now free", "09:30", "10:00", room: rooms[0])).status == .seeOther)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "review_session.cancelled").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func warningsAgendasAndEachIntervieweesSessions(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, review, rooms, _, people) = try await Self.visit(app)
            let path = "/reviews/\(review)/sessions"
            // Tom Brown has not been briefed; sixteen sessions on one day is one too many.
            #expect(try await team.post(path, Self.session("Cabinet", "09:00", "09:30", room: rooms[1], people: [people[1]])).status == .seeOther)
            for index in 0..<15 {
                let starts = String(format: "%02d:%02d", 9 + index / 2, index % 2 * 30)
                let ends = String(format: "%02d:%02d", 9 + (index + 1) / 2, (index + 1) % 2 * 30)
                #expect(try await team.post(path, Self.session("Session \(index + 1)", starts, ends, room: rooms[0])).status == .seeOther)
            }
            let page = try await team.get("/reviews/\(review)/schedule").body.string
            #expect(page.contains("19 Jun 2018 has 16 sessions; the peer team agreed up to 15 a day"), "\(page.count)")
            #expect(page.contains("Tom Brown has not been briefed a day before &quot;Cabinet&quot; on 19 Jun 2018"))
            #expect(page.contains("Tom Brown, Cabinet Member <strong class=\"tag tag--delayed\">Not briefed</strong>"))

            let agenda = try await team.get("/reviews/\(review)/schedule/2018-06-19").body.string
            #expect(agenda.contains("<h2>MP602</h2>") && agenda.contains("<h2>MP603</h2>"))
            #expect(agenda.range(of: "<h2>MP602</h2>")!.lowerBound < agenda.range(of: "<h2>MP603</h2>")!.lowerBound)
            #expect(try await team.get("/reviews/\(review)/schedule/not-a-day").status == .notFound)

            // Once Tom is briefed the day before, the warning goes.
            let tom = people[1]
            #expect(try await team.post("/review-interviewees/\(tom)/briefed", ["briefed_on-\(tom)": "2018-06-18"]).status == .seeOther)
            #expect(!(try await team.get("/reviews/\(review)/schedule").body.string.contains("Tom Brown has not been briefed")))
            let theirs = try await team.get("/reviews/\(review)/interviewees").body.string
            #expect(theirs.contains("<h2>Tom Brown</h2><p class=\"hint\">Cabinet Member</p><ul class=\"list list--bullet\"><li>19 Jun 2018, 09:00–09:30, MP603: Cabinet</li></ul>"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func twoClashingBookingsAtOnceLetOneThrough(database: TestDatabase) async throws {
        try await withTwoApps(database) { first, second in
            _ = try await importSeedPlan(first)
            let (officer, again, planID) = try await ReviewConcurrencyTests.officers(first, second)
            guard case .saved(let review) = try await ReviewService(db: first.db, user: officer).create(.init(planID: planID, kind: "other_independent_review", title: "Review")),
                  case .saved(let room) = try await ScheduleService(db: first.db, user: officer).addRoom(reviewID: review.id!, name: "MP602", purpose: "interview") else {
                throw TestSetupError("review or room not made")
            }
            let results = await allAtOnce(10) { index in
                try await ScheduleService(db: (index.isMultiple(of: 2) ? first : second).db, user: index.isMultiple(of: 2) ? officer : again)
                    .addSession(reviewID: review.id!, .init(day: "2018-06-19", starts: "09:\(10 + index)", ends: "10:00", title: "Session \(index)", roomID: room.id))
            }
            let saved = results.filter { if case .success(.saved) = $0 { true } else { false } }.count
            let refused = results.filter { if case .success(.invalid(let errors)) = $0 { errors.first?.field == "room_id" } else { false } }.count
            #expect(saved == 1 && refused == 9, "\(results)")
            #expect(try await ReviewSession.query(on: first.db).count() == 1)
        }
    }
}
