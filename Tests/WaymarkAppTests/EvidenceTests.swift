import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
import Crypto
@testable import WaymarkApp

/// Sends the evidence upload form as a browser does: multipart, with ticked themes as
/// `theme_ids[]` and a file part (or an empty, nameless one when no file is chosen).
enum EvidenceUpload {
    static func send(_ client: inout WebClient, to path: String, fields: [(String, String)], file: (name: String, bytes: [UInt8])?) async throws -> TestingHTTPResponse {
        let boundary = "----WaymarkEvidence\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("csrf_token", client.csrf ?? "")
        for (name, value) in fields { field(name, value) }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file?.name ?? "")\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file?.bytes ?? [])
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await client.tester.sendRequest(.POST, path, headers: headers, body: body)
    }
}

@Suite struct EvidenceTests {
    static func counts(_ app: Application) async throws -> [Int] {
        [try await EvidenceDocument.query(on: app.db).count(), try await EvidenceVersion.query(on: app.db).count(),
         try await EvidenceContent.query(on: app.db).count(), try await EvidenceDocumentTheme.query(on: app.db).count()]
    }

    /// An .xlsx whose sheet unpacks to 201 MB of spaces: 200 KB on the wire. Made once with
    /// Python's zipfile (deflating 201 MB in a debug build takes most of a minute).
    static func zipBomb() throws -> [UInt8] {
        try Fixtures.bytes("zip-bomb.xlsx")
    }

    @Test(arguments: TestDatabase.allCases)
    func documentsKeepEveryVersionAndAreServedOnlyAsDownloads(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, review) = try await ReviewPagesTests.setUp(app)
            let themes = try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).sort(\.$position).all().map { $0.id! }
            _ = try await team.get("/reviews/\(review)/evidence")
            let first = UploadSamples.pdf
            let added = try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence",
                                                      fields: [("title", "Strategic Plan 2018-21"), ("description", "The council's priorities"),
                                                               ("theme_ids[]", "\(themes[0])"), ("theme_ids[]", "\(themes[3])")], file: ("C:\\fakepath\\strategic plan.pdf", first))
            #expect(added.status == .seeOther)
            let document = try #require(try await EvidenceDocument.query(on: app.db).first())
            let page = try await team.get("/evidence/\(document.id!)").body.string
            let sha = SHA256Hex.of(first)
            #expect(page.contains("<td>1 (latest)</td><td><a href=\"/evidence/\(document.id!)/versions/1\">strategic plan.pdf</a></td><td>\(first.count) bytes</td>"))
            #expect(page.contains("<code class=\"hash\">\(sha)</code>"))
            let library = try await team.get("/reviews/\(review)/evidence").body.string
            #expect(library.components(separatedBy: "<a href=\"/evidence/\(document.id!)\">Strategic Plan 2018-21</a>").count == 3, "filed under two themes")

            // A new version keeps the old one; both download, each exactly as uploaded.
            let second = UploadSamples.pdf + UploadSamples.text("% revised\n")
            #expect(try await EvidenceUpload.send(&team, to: "/evidence/\(document.id!)/versions", fields: [("version", "1")], file: ("strategic plan v2.pdf", second)).status == .seeOther)
            let v1 = try await team.get("/evidence/\(document.id!)/versions/1")
            #expect(v1.status == .ok && [UInt8](v1.body.readableBytesView) == first)
            #expect(v1.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(v1.headers.first(name: .contentType) == "application/pdf")
            #expect(v1.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(v1.headers.first(name: "Content-Security-Policy") == "default-src 'none'; sandbox")
            #expect([UInt8](try await team.get("/evidence/\(document.id!)/versions/2").body.readableBytesView) == second)
            // A form still on version 1 is overtaken, and writes nothing.
            let stale = try await EvidenceUpload.send(&team, to: "/evidence/\(document.id!)/versions", fields: [("version", "1")], file: ("again.pdf", first))
            #expect(stale.status == .conflict)
            #expect(try await Self.counts(app) == [1, 2, 2, 2])

            // An older Word document is told by its compound-file signature.
            #expect(try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "HR Strategy"), ("theme_ids[]", "\(themes[3])")],
                                                  file: ("hr strategy.doc", UploadSamples.oleHeader)).status == .seeOther)
            let doc = try #require(try await EvidenceVersion.query(on: app.db).filter(\.$fileName == "hr strategy.doc").first())
            #expect(doc.contentType == "application/msword")

            // A link to the plan's dashboard is evidence; an open period's draft pack is not.
            #expect(try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "Plan dashboard"), ("theme_ids[]", "\(themes[1])"), ("link", "/plans/\(planID)")],
                                                  file: nil).status == .seeOther)
            let q3 = try await ReportingPeriodService(db: app.db, user: try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first()))
                .opened(planID: planID, label: "Q3 2017-18")
            let draft = try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "Q3 pack"), ("theme_ids[]", "\(themes[1])"), ("link", "/periods/\(q3.id!)/pack")], file: nil)
            #expect(draft.status == .unprocessableEntity)
            #expect(draft.body.string.contains("That period is still open, so its pack is a draft"))
        }
    }

    static func refusedEvidence() throws -> [(name: String, fileName: String, bytes: [UInt8], says: String)] {
        let notAccepted = "which Waymark does not accept as evidence; it accepts \(EvidencePolicy.accepted)"
        return [
            ("a Windows program called .pdf", "plan.pdf", UploadSamples.windowsProgram, "plan.pdf is a Windows program (.exe or .dll), \(notAccepted)"),
            ("a script", "run.txt", UploadSamples.script, "run.txt is a script (a program in text), \(notAccepted)"),
            ("a web page called .txt", "notes.txt", UploadSamples.text("<html><script>alert(1)</script></html>"), "notes.txt is a web page or other mark-up (HTML, XML or SVG), \(notAccepted)"),
            ("a PDF called .docx", "plan.docx", UploadSamples.pdf, "plan.docx is a PDF document, but its name ends .docx"),
            ("an older Office file called .pdf", "plan.pdf", UploadSamples.oleHeader, "plan.pdf is an older Office file (.doc, .xls or .ppt), but its name ends .pdf"),
            ("a truncated PDF header", "plan.pdf", Array(UploadSamples.pdf.prefix(3)), "plan.pdf is plain text, but its name ends .pdf"),
            ("a damaged Word document", "plan.docx", Array(try UploadSamples.docx().prefix(200)), "plan.docx is a zip file that is damaged or cut short"),
            ("a zip bomb called .xlsx", "figures.xlsx", try zipBomb(), "figures.xlsx is a zip file that would unpack to more than"),
            ("an empty file", "plan.pdf", [], "plan.pdf is empty"),
            ("a name with a control character", "plan\u{7}.pdf", UploadSamples.pdf, "The file&#39;s name must be on one line"),
        ]
    }

    @Test(arguments: TestDatabase.allCases)
    func refusedFilesLeaveNothingBehind(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, _, review) = try await ReviewPagesTests.setUp(app)
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).first()).id!
            _ = try await team.get("/reviews/\(review)/evidence")
            for refused in try Self.refusedEvidence() {
                let response = try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "Evidence"), ("theme_ids[]", "\(theme)")],
                                                             file: (refused.fileName, refused.bytes))
                #expect(response.status == .unprocessableEntity, "\(refused.name): \(response.status)")
                #expect(response.body.string.contains("<p class=\"error-message\" id=\"file-error\"><span class=\"visually-hidden\">Error:</span> \(HTML.escape(refused.says))")
                        || response.body.string.contains(refused.says), "\(refused.name)")
                #expect(try await Self.counts(app) == [0, 0, 0, 0], "\(refused.name)")
            }
            // Over the limit, checked in the service: 30 MB through a debug build's multipart
            // parser takes most of a minute, and the limit is the service's, not the form's.
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let huge = Data(UploadSamples.pdf + [UInt8](repeating: 0x20, count: EvidencePolicy.maxBytes))
            let tooBig = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Big", themeIDs: [theme], file: ("plan.pdf", huge)))
            #expect(tooBig.errors == [FieldError(field: "file", message: "plan.pdf is larger than 30 MB; upload a smaller file, or split it")])
            #expect(try await Self.counts(app) == [0, 0, 0, 0])

            let none = try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "")], file: nil)
            #expect(none.body.string.contains("<li><a href=\"#title\">Enter the document"))
            #expect(none.body.string.contains("<li><a href=\"#theme_ids\">Select at least one theme"))
            #expect(none.body.string.contains("<li><a href=\"#file\">Choose a file to upload, or give a link to a Waymark page</a></li>"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entity == "evidence").count() == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func withdrawnEvidenceIsHiddenAndPurgedContentIsGoneButRecorded(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, _, review) = try await ReviewPagesTests.setUp(app)
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).first()).id!
            _ = try await team.get("/reviews/\(review)/evidence")
            #expect(try await EvidenceUpload.send(&team, to: "/reviews/\(review)/evidence", fields: [("title", "Wrong file"), ("theme_ids[]", "\(theme)")],
                                                  file: ("salaries.csv", UploadSamples.csv)).status == .seeOther)
            let document = try #require(try await EvidenceDocument.query(on: app.db).first()).id!
            var viewer = try WebClient(app)
            try await viewer.signIn(TestAccounts.email(.viewer), TestAccounts.password)
            #expect(try await viewer.get("/evidence/\(document)/versions/1").status == .ok)

            _ = try await team.get("/evidence/\(document)")
            #expect(try await team.post("/evidence/\(document)/withdraw", ["reason": "", "version": "1"]).status == .unprocessableEntity)
            #expect(try await team.post("/evidence/\(document)/withdraw", ["reason": "Holds staff salaries", "version": "1"]).status == .seeOther)
            #expect(try await viewer.get("/evidence/\(document)").status == .notFound)
            #expect(try await viewer.get("/evidence/\(document)/versions/1").status == .notFound)
            #expect(!(try await viewer.get("/reviews/\(review)/evidence").body.string.contains("Wrong file")))
            #expect(try await team.get("/reviews/\(review)/evidence").body.string.contains("<strong class=\"tag tag--overdue\">Withdrawn</strong>"))

            // Only an administrator purges, with a reason; the record stays and the file is gone.
            #expect(try await team.post("/evidence/\(document)/purge", ["purge_reason": "Personal data"]).status == .forbidden)
            var admin = try WebClient(app)
            try await admin.signIn(TestAccounts.email(.admin), TestAccounts.password)
            _ = try await admin.get("/evidence/\(document)")
            #expect(try await admin.post("/evidence/\(document)/purge", ["purge_reason": ""]).status == .unprocessableEntity)
            #expect(try await admin.post("/evidence/\(document)/purge", ["purge_reason": "Personal data uploaded in error"]).status == .seeOther)
            #expect(try await EvidenceContent.query(on: app.db).count() == 0)
            #expect(try await team.get("/evidence/\(document)/versions/1").status == .gone)
            let page = try await team.get("/evidence/\(document)").body.string
            #expect(page.contains("salaries.csv <span class=\"hint\">(content erased"))
            #expect(page.contains("Personal data uploaded in error"))
            #expect(page.contains(SHA256Hex.of(UploadSamples.csv)))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "evidence.purged").count() == 1)
        }
    }
}

enum SHA256Hex {
    static func of(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }
}
