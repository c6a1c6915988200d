import Fluent
import Vapor
import WaymarkCore

/// The on-site visit's printable agendas: a day's sessions room by room (a page that prints to
/// A4, and a PDF), and each interviewee's sessions.
struct AgendaPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", ":reviewID", "schedule", ":day", use: dayAgenda)
        routes.get("reviews", ":reviewID", "schedule", ":day", "agenda.pdf", use: dayAgendaPDF)
        routes.get("reviews", ":reviewID", "interviewees", use: interviewees)
        routes.get("reviews", ":reviewID", "rooms", ":roomID", "agenda", use: roomAgenda)
        routes.get("reviews", ":reviewID", "rooms", ":roomID", "agenda.pdf", use: roomAgendaPDF)
    }

    private func day(_ req: Request) async throws -> (Review, CalendarDate, HTML) {
        try req.authorize(.read)
        let review = try await req.find(Review.self, "reviewID")
        guard let day = req.parameters.get("day").flatMap({ CalendarDate(iso: $0) }) else { throw Abort(.notFound, reason: "Give the day as YYYY-MM-DD.") }
        let loaded = try await ScheduleRecords.load(reviewID: try review.requireID(), on: req.db)
        let rooms = OnSiteSchedule.roomAgendas(for: day, in: loaded.sessions).map { agenda in
            Self.sessionTable(agenda.sessions, on: day, heading: agenda.room.name, caption: "\(agenda.room.name) on \(day.display)")
        }
        let body: HTML = """
        <h1>\(review.title): agenda for \(day.display)</h1>
        \(rooms.isEmpty ? HTML("<p>No sessions are booked on this day.</p>") : rooms.reduce(HTML(""), +))
        """
        return (review, day, body)
    }

    func dayAgenda(req: Request) async throws -> HTML {
        let (review, day, body) = try await day(req)
        let id = review.id ?? 0
        return Layout.page("Agenda for \(day.display): \(review.title)", context: req.layoutContext, """
        <div class="no-print">\(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(id)", review.title), ("/reviews/\(id)/schedule", "On-site schedule")]))
        <p>Download as <a href="/reviews/\(id)/schedule/\(day.iso)/agenda.pdf">PDF</a>. This page also prints to A4.</p></div>
        \(body)
        """)
    }

    func dayAgendaPDF(req: Request) async throws -> Response {
        let (review, day, body) = try await day(req)
        return try await Self.pdf(req, title: "\(review.title): agenda for \(day.display)", body: body, name: "\(review.title) agenda \(day.iso)")
    }

    /// A printed agenda as a PDF download, the day's and the room's alike.
    static func pdf(_ req: Request, title: String, body: HTML, name: String) async throws -> Response {
        let document: HTML = """
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(title)</title><style>\(HTML(unsafe: Assets.stylesheet))</style></head>
        <body><div class="width-container"><main class="main" id="main-content">\(body)</main></div></body></html>
        """
        do {
            let bytes = try await req.application.packPDFs.pdf(html: "<!DOCTYPE html>\n" + document.rendered)
            let file = String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" }).split(separator: "-").joined(separator: "-")
            return .download(bytes, type: "application/pdf", name: file + ".pdf")
        } catch let unavailable as PDFPrinter.Unavailable {
            throw Abort(.serviceUnavailable, reason: unavailable.description)
        } catch is PDFRenderLimiter.Busy {
            throw Abort(.serviceUnavailable, reason: "Waymark is making other PDFs just now. Try again in a minute, or print the agenda's page from the browser.")
        }
    }

    func interviewees(req: Request) async throws -> HTML {
        try req.authorize(.read)
        let review = try await req.find(Review.self, "reviewID")
        let loaded = try await ScheduleRecords.load(reviewID: try review.requireID(), on: req.db)
        let sections = OnSiteSchedule.intervieweeAgendas(in: loaded.sessions).map { agenda -> HTML in
            let items = agenda.sessions.map { "<li>\($0.day.display), \($0.start.display)–\($0.end.display), \($0.room?.name ?? ""): \($0.title)</li>" as HTML }
            return "<h2>\(agenda.interviewee.name)</h2><p class=\"hint\">\(agenda.interviewee.role)</p><ul class=\"list list--bullet\">\(items)</ul>"
        }
        return Layout.page("Interviewees' sessions: \(review.title)", context: req.layoutContext, """
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(review.id ?? 0)", review.title), ("/reviews/\(review.id ?? 0)/schedule", "On-site schedule")]))
        <h1>Each interviewee's sessions</h1>
        \(sections.isEmpty ? HTML("<p>No interviewee has a session yet.</p>") : sections.reduce(HTML(""), +))
        """)
    }
}

extension AgendaPagesController {
    /// One room's sessions on one day, under a heading: the day agenda has a table a room, the
    /// room agenda a table a day.
    static func sessionTable(_ sessions: [OnSiteSchedule.Session], on day: CalendarDate, heading: String, caption: String) -> HTML {
        let rows = sessions.map { s -> HTML in
            "<tr><td>\(s.start.display)–\(s.end.display)</td><td>\(s.title)\(s.theme.map { HTML("<br><span class=\"hint\">\($0)</span>") } ?? "")</td><td>\(s.peers.map(\.name).joined(separator: ", "))</td><td>\(SchedulePagesController.people(s.interviewees, before: day))</td></tr>"
        }
        return """
        <h2>\(heading)</h2>
        <table class="table"><caption class="visually-hidden">\(caption)</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Session</th><th scope="col">Peers</th><th scope="col">Interviewees</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }
}
