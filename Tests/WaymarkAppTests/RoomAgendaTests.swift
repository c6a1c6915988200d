import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Each room's agenda across the visit, day by day, as a page that prints and as a PDF.
@Suite struct RoomAgendaTests {
    @Test(arguments: TestDatabase.allCases)
    func eachRoomHasAPrintableAgendaAcrossTheVisit(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, review, rooms, peers, people) = try await ScheduleTests.visit(app)
            let path = "/reviews/\(review)/sessions"
            for form in [ScheduleTests.session("Leadership", "10:30", "11:30", room: rooms[0], peers: [peers[0]], people: [people[0]]),
                         ScheduleTests.session("Finance interview", "09:30", "10:30", room: rooms[0], peers: [peers[1]]),
                         ScheduleTests.session("Partnerships", day: "2018-06-20", "09:30", "10:30", room: rooms[0], people: [people[1]]),
                         ScheduleTests.session("In the other room", "09:30", "10:30", room: rooms[1])] {
                #expect(try await team.post(path, form).status == .seeOther)
            }
            #expect(try await team.get("/reviews/\(review)/schedule").body.string.contains("<a href=\"/reviews/\(review)/rooms/\(rooms[0])/agenda\">agenda<span class=\"visually-hidden\"> for MP602</span></a>"))

            let page = try await team.get("/reviews/\(review)/rooms/\(rooms[0])/agenda")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("<h1>LGA Corporate Peer Challenge 2018: agenda for MP602</h1>"))
            #expect(body.contains("<a href=\"/reviews/\(review)/rooms/\(rooms[0])/agenda.pdf\">PDF</a>"))
            let order = ["<h2>19 Jun 2018</h2>", "Finance interview", "Leadership", "<h2>20 Jun 2018</h2>", "Partnerships"].map { body.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "the room's sessions are not day by day in time order")
            #expect(!body.contains("In the other room"))
            #expect(body.contains("Jane Smith, Section 151 officer <strong class=\"tag tag--completed\">Briefed</strong>"))
            #expect(try await team.get("/reviews/\(review)/rooms/\(rooms[2])/agenda").body.string.contains("<p>No sessions are booked in this room.</p>"))

            // The PDF takes the same path as the day's: a download, or 503 where Chromium is missing.
            let pdf = try await team.get("/reviews/\(review)/rooms/\(rooms[0])/agenda.pdf")
            #expect(pdf.status == .ok || pdf.status == .serviceUnavailable)
            if pdf.status == .ok { #expect(pdf.headers.contentType?.description == "application/pdf") }

            // A room of another review is not found under this one.
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            guard case .saved(let other) = try await ReviewService(db: app.db, user: officer).create(.init(planID: try #require(try await Plan.query(on: app.db).first()).id,
                                                                                                         kind: "other_independent_review", title: "Another review")),
                  case .saved(let elsewhere) = try await ScheduleService(db: app.db, user: officer).addRoom(reviewID: other.id!, name: "Committee Room 1", purpose: "interview") else {
                throw TestSetupError("other review not set up")
            }
            #expect(try await team.get("/reviews/\(review)/rooms/\(elsewhere.id!)/agenda").status == .notFound)
            #expect(try await team.get("/reviews/\(review)/rooms/\(elsewhere.id!)/agenda.pdf").status == .notFound)
        }
    }
}
