import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Browsers send the lines of a text box separated by CR LF; every form arrives with LF alone,
/// so lists typed one a line stay lists.
@Suite struct FormLineEndingsTests {
    @Test func urlEncodedBodiesLoseTheirCarriageReturns() throws {
        let body = "members=a%0D%0Ab%0d%0ac&reps=x%0Dy&kept=50%250D&csrf_token=abc"
        let normalised = try #require(FormLineEndings.urlEncoded(Array(body.utf8)))
        #expect(String(decoding: normalised, as: UTF8.self) == "members=a%0Ab%0ac&reps=x%0Ay&kept=50%250D&csrf_token=abc")
        #expect(FormLineEndings.urlEncoded(Array("members=a%0Ab&kept=50%250D".utf8)) == nil)
        #expect(FormLineEndings.text("a\r\nb\rc\nd") == "a\nb\nc\nd")
    }

    @Test func multipartTextFieldsAreNormalisedAndFilesAreNot() throws {
        let boundary = "----WaymarkBoundary"
        let raw = "--\(boundary)\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\nFirst line\r\nSecond line\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"letter.txt\"\r\nContent-Type: text/plain\r\n\r\nKept\r\nas sent\r\n"
            + "--\(boundary)--\r\n"
        let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        let normalised = try #require(FormLineEndings.normalised(ByteBuffer(string: raw), type: type))
        struct Letter: Decodable { var summary: String; var attachment: File }
        let letter = try FormDataDecoder().decode(Letter.self, from: normalised, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        #expect(letter.summary == "First line\nSecond line")
        #expect(String(buffer: letter.attachment.data) == "Kept\r\nas sent")
    }

    @Test(arguments: TestDatabase.allCases)
    func listsTypedOneALineStaySeparate(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)

            _ = try await team.get("/boards")
            let added = try await team.post("/boards", ["name": "Improvement Board", "kind": "improvement_board", "chair": "The Mayor",
                                                        "members": "a\r\nb\r\nc", "external_representatives": "One\rTwo"])
            #expect(added.status == .seeOther)
            let board = try #require(try await Board.query(on: app.db).first())
            #expect(board.members == "a\nb\nc")
            #expect(board.externalRepresentatives == "One\nTwo")
            let page = try await team.get("/boards/\(board.id!)").body.string
            #expect(page.contains("<ul><li>a</li><li>b</li><li>c</li></ul>"))
            #expect(page.contains("<ul><li>One</li><li>Two</li></ul>"))

            _ = try await team.get("/directions")
            let given = try await team.post("/directions", ["title": "Directions of 16 January 2017", "given_on": "2017-01-16",
                                                            "requirements": "Quarterly update reports\r\nAn independent review\r\nA new constitution"])
            #expect(given.status == .seeOther)
            let direction = try #require(try await Direction.query(on: app.db).first())
            #expect(direction.requirements == "Quarterly update reports\nAn independent review\nA new constitution")
            let shown = try await team.get("/directions/\(direction.id!)").body.string
            #expect(shown.contains("<ul><li>Quarterly update reports</li><li>An independent review</li><li>A new constitution</li></ul>"))

            // Commentary, another multi-line field, is stored with LF too.
            let (hers, _) = try await seedMilestones(app)
            _ = try await team.get("/milestones/\(hers.id!)/update")
            let saved = try await team.post("/milestones/\(hers.id!)/update", ["commentary": "Booked the hall\r\nTraining next", "forecast": "2017-12-01",
                                                                               "version": "\(hers.version)", "intent": "save"])
            #expect(saved.status == .seeOther)
            let update = try #require(try await MilestoneUpdate.query(on: app.db).filter(\.$milestone.$id == hers.id!).first())
            #expect(update.commentary == "Booked the hall\nTraining next")
        }
    }
}
