import Fluent
import Vapor
import WaymarkCore

/// A room's agenda across the visit, day by day: what goes on the door of each interview room.
extension AgendaPagesController {
    private func room(_ req: Request) async throws -> (Review, ReviewRoom, HTML) {
        try req.authorize(.read)
        let review = try await req.find(Review.self, "reviewID")
        let room = try await req.find(ReviewRoom.self, "roomID")
        // A room of another review is not found here, whoever asks.
        guard room.$review.id == review.id else { throw Abort(.notFound) }
        let loaded = try await ScheduleRecords.load(reviewID: try review.requireID(), on: req.db)
        let days = Array(Set(loaded.sessions.filter { $0.room?.id == room.id }.map(\.day))).sorted()
        let sections = days.map { day in
            Self.sessionTable(OnSiteSchedule.agenda(for: day, in: loaded.sessions).filter { $0.room?.id == room.id },
                              on: day, heading: day.display, caption: "\(room.name) on \(day.display)")
        }
        let body: HTML = """
        <h1>\(review.title): agenda for \(room.name)</h1>
        \(sections.isEmpty ? HTML("<p>No sessions are booked in this room.</p>") : sections.reduce(HTML(""), +))
        """
        return (review, room, body)
    }

    func roomAgenda(req: Request) async throws -> HTML {
        let (review, room, body) = try await room(req)
        let id = review.id ?? 0
        return Layout.page("Agenda for \(room.name): \(review.title)", context: req.layoutContext, """
        <div class="no-print">\(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title), ("/reviews/\(id)/schedule", "On-site schedule")]))
        <p>Download as <a href="/reviews/\(id)/rooms/\(room.id ?? 0)/agenda.pdf">PDF</a>. This page also prints to A4.</p></div>
        \(body)
        """)
    }

    func roomAgendaPDF(req: Request) async throws -> Response {
        let (review, room, body) = try await room(req)
        return try await Self.pdf(req, title: "\(review.title): agenda for \(room.name)", body: body, name: "\(review.title) agenda \(room.name)")
    }
}
