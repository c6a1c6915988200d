import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// What the import page and `waymark import` say about a file they cannot use: an empty file is
/// called empty, and a file named .xlsx that is not a workbook is called that, not "no milestones".
@Suite(.serialized) struct ImportMessagesTests {
    static let notAWorkbook = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

    @Test func theLoaderSaysWhatIsWrongWithTheFile() throws {
        let today = CalendarDate(iso: "2017-12-31")!
        func message(_ bytes: [UInt8], _ name: String) -> String? {
            #expect(throws: PlanFileLoader.Unreadable.self) { try PlanFileLoader.load(bytes, fileName: name, today: today) }?.description
        }
        #expect(message([], "plan.csv") == "The selected file is empty")
        #expect(message(Self.notAWorkbook, "plan.xlsx") == "plan.xlsx is not an Excel workbook (.xlsx): it could not be opened as one")
        #expect(message([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "old.xlsx") == "old.xlsx is an older Excel file (.xls): save it as an Excel workbook (.xlsx) and import that")
    }

    @Test(arguments: TestDatabase.allCases)
    func theImportPageNamesTheProblem(database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/import")

            let none = try await upload(&team, fileName: "", bytes: [])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("<a href=\"#file\">Choose a plan file to upload</a>"))

            let empty = try await upload(&team, fileName: "plan.csv", bytes: [])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("<a href=\"#file\">The selected file is empty</a>"))
            #expect(!empty.body.string.contains("Choose a plan file"))

            let random = try await upload(&team, fileName: "plan.xlsx", bytes: Self.notAWorkbook)
            #expect(random.status == .unprocessableEntity)
            #expect(random.body.string.contains("<a href=\"#file\">plan.xlsx is not an Excel workbook (.xlsx): it could not be opened as one</a>"))
            #expect(!random.body.string.contains("no milestones"))
            #expect(try await Plan.query(on: app.db).count() == 0)
        }
    }

    @Test func theCommandLineSaysTheSame() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let empty = try waymark.write("empty.csv", "")
        let result = try waymark.run("import", empty)
        #expect(result.status != 0)
        #expect(result.stderr.contains("empty.csv: the selected file is empty; nothing was changed"), "\(result.stderr)")

        let random = waymark.folder.appendingPathComponent("plan.xlsx")
        try Data(Self.notAWorkbook).write(to: random)
        let refused = try waymark.run("import", random.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("plan.xlsx is not an Excel workbook (.xlsx): it could not be opened as one; nothing was changed"), "\(refused.stderr)")
    }

    /// Posts the import form as a browser does, as multipart/form-data with the session's token.
    private func upload(_ client: inout WebClient, fileName: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        let boundary = "----WaymarkTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("csrf_token", client.csrf ?? "")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n")
        field("plan", "")
        field("sheet", "")
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await client.tester.sendRequest(.POST, "/import", headers: headers, body: body)
    }
}
