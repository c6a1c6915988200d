import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The "Peer challenge preparation" Board paper, rendered from the review.
@Suite struct ReviewPaperTests {
    @Test(arguments: TestDatabase.allCases)
    func thePaperIsRenderedFromTheReview(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, review, rooms, peers, people) = try await ScheduleTests.visit(app)
            #expect(try await team.post("/reviews/\(review)/sessions", ScheduleTests.session("Finance", "09:30", "10:30", room: rooms[0], peers: [peers[0]], people: [people[0]])).status == .seeOther)
            #expect(try await team.post("/reviews/\(review)/sessions", ScheduleTests.session("Leadership", "09:30", "10:30", room: rooms[1])).status == .seeOther)
            #expect(try await team.post("/reviews/\(review)/themes", ["kind": "scope_question", "question": "Is the authority setting realistic yet ambitious targets?"]).status == .seeOther)
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).first())
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            _ = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Strategic Plan", themeIDs: [theme.id!], file: ("plan.pdf", Data(UploadSamples.pdf))))

            let page = try await team.get("/reviews/\(review)/paper")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<h1>LGA Corporate Peer Challenge 2018: peer challenge preparation</h1>"))
            #expect(html.contains("<td>Understanding of the local place and priority setting</td><td>Does the Council understand its local context"))
            #expect(html.contains("<ol><li>Is the authority setting realistic yet ambitious targets?</li></ol>"))
            #expect(html.contains("<td>On-site visit</td><td>19-22 June 2018</td>"))
            #expect(html.contains("The position statement will be sent to the peer team one month before the on-site visit, by 19 May 2018."))
            #expect(html.contains("<li>Understanding of the local place and priority setting<ul><li>Strategic Plan</li></ul></li>"))
            #expect(html.contains("The peer team will be on site for 4 days from 19 Jun 2018. Up to 2 interview sessions are booked on the busiest day."))
            #expect(html.contains("<li>Mary Ney, Peer</li>"))
            #expect(html.contains("The team&#39;s base is Sixth floor Conference Room. Interviews will be held in MP602 and MP603.")
                    || html.contains("The team's base is Sixth floor Conference Room. Interviews will be held in MP602 and MP603."))

            let csv = try await team.get("/reviews/\(review)/paper.csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("LGA-Corporate-Peer-Challenge-2018-Peer-challenge-preparation.csv") == true)
            let lines = csv.body.string.split(separator: "\n")
            #expect(lines.first == "Activity,Timeline,Lead officer,Status,Why\r" || lines.first == "Activity,Timeline,Lead officer,Status,Why")
            #expect(lines.count == 7)
            let xlsx = try await team.get("/reviews/\(review)/paper.xlsx")
            #expect(xlsx.status == .ok)
            let sheets = try XLSXReader.sheets([UInt8](xlsx.body.readableBytesView))
            #expect(sheets.map(\.name) == ["Themes", "Timeline", "Evidence", "Peer team"])
        }
    }
}
