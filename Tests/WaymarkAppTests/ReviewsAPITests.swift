import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

@Suite struct ReviewsAPITests {
    @Test(arguments: TestDatabase.allCases)
    func reviewsAreReadWithTheirTimelineScheduleAndEvidenceRecords(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, review, _, _, _) = try await ScheduleTests.visit(app)
            let rooms = try await ReviewRoom.query(on: app.db).sort(\.$name).all().map { $0.id! }
            #expect(try await team.post("/reviews/\(review)/sessions", ScheduleTests.session("Finance", "09:30", "10:30", room: rooms[0])).status == .seeOther)
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).first()).id!
            guard case .saved(let kept) = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Kept", themeIDs: [theme], file: ("a.pdf", Data(UploadSamples.pdf)))),
                  case .saved(let gone) = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Gone", themeIDs: [theme], file: ("b.pdf", Data(UploadSamples.pdf)))) else {
                throw TestSetupError("evidence not added")
            }
            _ = try await EvidenceService(db: app.db, user: officer).withdraw(documentID: gone.id!, version: 1, reason: "Wrong")
            let viewer = try #require(try await User.query(on: app.db).filter(\.$role == .viewer).first())
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: try await APITokenService(db: app.db).create(for: viewer, name: "test script", by: "test"))
            let tester = try app.testing()

            let list = try await tester.sendRequest(.GET, "/api/v1/reviews", headers: headers)
            #expect(list.status == .ok)
            #expect(list.body.string.contains("\"visit_starts\":\"2018-06-19\"") && list.body.string.contains("\"visit_ends\":\"2018-06-22\""))
            let detail = try await tester.sendRequest(.GET, "/api/v1/reviews/\(review)", headers: headers)
            #expect(detail.status == .ok)
            struct Shape: Decodable {
                struct Activity: Decodable { var kind: String; var when: String; var status: String? }
                struct Session: Decodable { var day: String; var starts: String; var room: String }
                struct Evidence: Decodable { var title: String; var withdrawn: Bool; var versions: [Version] }
                struct Version: Decodable { var sha256: String; var uploaded_at: String }
                struct Position: Decodable { var due: String? }
                var themes: [[String: AnyDecodable]]; var timeline: [Activity]; var schedule: [Session]; var evidence: [Evidence]; var position_statement: Position
            }
            let shape = try JSONDecoder().decode(Shape.self, from: Data(detail.body.readableBytesView))
            #expect(shape.themes.count == 5)
            #expect(shape.timeline.first?.kind == "on_site_visit" && shape.timeline.first?.when == "19-22 June 2018" && shape.timeline.first?.status == "overdue")
            #expect(shape.schedule.map(\.starts) == ["09:30"] && shape.schedule.first?.room == "MP602")
            #expect(shape.position_statement.due == "2018-05-19")
            #expect(shape.evidence.map(\.title) == ["Gone", "Kept"] && shape.evidence.first?.withdrawn == true)
            #expect(shape.evidence.last?.versions.first?.uploaded_at.hasSuffix("Z") == true)
            #expect(!detail.body.string.contains("%PDF"))
            #expect(try await tester.sendRequest(.GET, "/api/v1/reviews/999999", headers: headers).status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/api/v1/reviews/abc", headers: headers).status == .badRequest)
            #expect(try await tester.sendRequest(.GET, "/api/v1/reviews").status == .unauthorized)
            _ = kept
            let document = try await tester.sendRequest(.GET, "/api/v1/openapi.json")
            #expect(document.body.string.contains("\"/api/v1/reviews/{id}\""))
        }
    }
}

/// Any JSON value, for the parts of an answer a test only counts.
struct AnyDecodable: Decodable {
    init(from decoder: any Decoder) throws {}
}
