import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
import ZIPFoundation
@testable import WaymarkApp

/// Files made to test what uploads Waymark takes: workbooks with macros or links, zips of too many
/// parts, Office documents, programs and pictures, each told by its content.
enum UploadSamples {
    /// The workbook with parts added and others' text changed.
    static func workbook(_ workbook: [UInt8], adding added: [(String, [UInt8])] = [], changing: [String: (String) -> String] = [:]) throws -> [UInt8] {
        var parts = try DamagedWorkbook.parts(workbook)
        for index in parts.indices {
            if let change = changing[parts[index].path] { parts[index].data = Data(change(parts[index].text).utf8) }
        }
        parts += added.map { DamagedWorkbook.Part(path: $0.0, data: Data($0.1)) }
        return try DamagedWorkbook.write(parts)
    }

    static func text(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func relationships(_ inside: String, prefix: String = "") -> [UInt8] {
        let p = prefix.isEmpty ? "" : "\(prefix):"
        return text("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<\(p)Relationships xmlns\(prefix.isEmpty ? "" : ":\(prefix)")=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + inside.replacingOccurrences(of: "<Relationship ", with: "<\(p)Relationship ") + "</\(p)Relationships>")
    }

    static let oleHeader: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
    static let pdf = text("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + text("IHDR") + [UInt8](repeating: 1, count: 17)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + text("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9]
    static let gif = text("GIF89a") + [1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x3B]
    /// The start of a Windows program: "MZ", its DOS header (with NUL bytes) and stub.
    static let windowsProgram: [UInt8] = text("MZ") + [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 50) + text("This program cannot be run in DOS mode.")
    static let linuxProgram: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 56)
    static let script = text("#!/bin/sh\nrm -rf /\n")
    /// Bytes of no known kind, with control characters: not text.
    static let unknown = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    /// Windows-1252, as older Excel saves CSV: "Café £5".
    static let csv: [UInt8] = text("Date,Note\r\n2017-11-02,Caf") + [0xE9] + text(" ") + [0xA3] + text("5\r\n")

    /// An Office Open XML package of the kind whose main part is `main`.
    static func office(main: String, type: String, adding extra: [(String, [UInt8])] = []) throws -> [UInt8] {
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/\(main)\" ContentType=\"\(type)\"/></Types>")),
            ("_rels/.rels", relationships("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"\(main)\"/>")),
            (main, text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><document/>")),
        ] + extra
        return try DamagedWorkbook.write(parts.map { DamagedWorkbook.Part(path: $0.0, data: Data($0.1)) })
    }

    static func docx(adding extra: [(String, [UInt8])] = []) throws -> [UInt8] {
        try office(main: "word/document.xml", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", adding: extra)
    }

    static func pptx() throws -> [UInt8] {
        try office(main: "ppt/presentation.xml", type: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
    }

    /// A zip of `count` empty, stored entries, written by hand (adding ten thousand entries one by
    /// one through ZIPFoundation rewrites its directory each time).
    static func zipOfEmptyEntries(_ count: Int) -> [UInt8] {
        var body: [UInt8] = [], directory: [UInt8] = []
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        for index in 0..<count {
            let name = text("docProps/part\(index).xml")
            let offset = body.count
            body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + le32(0) + le16(name.count) + le16(0) + name
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + le32(0)
                + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(min(count, 0xFFFF)) + le16(min(count, 0xFFFF)) + le32(directory.count) + le32(body.count) + le16(0)
        return body + directory + end
    }
}

@Suite struct UploadChecksTests {
    let today = CalendarDate(year: 2018, month: 1, day: 5)!

    static let macros = "; Waymark does not import macro-enabled workbooks: save it as an ordinary .xlsx workbook (without macros) and import that"
    static let links = "; Waymark does not import workbooks with external links: in Excel, break the links"
    static let accepted = "Waymark imports a delivery plan as text, CSV or TSV, or an Excel workbook (.xlsx)"

    /// Every plan file refused for what it holds or what it is, with what the refusal must say.
    static func refusedPlanFiles(_ workbook: [UInt8]) throws -> [(name: String, fileName: String, bytes: [UInt8], says: String)] {
        let sheetRels = "xl/worksheets/_rels/sheet5.xml.rels"
        let ole = "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject\" Target=\"file://///evil.example/share/x.xlsx\" TargetMode=\"External\"/>"
        let linkedPicture = "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"\\\\evil.example\\share\\p.png\" TargetMode=\"External\"/>"
        let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        let contentTypes = "[Content_Types].xml"
        var untyped = try DamagedWorkbook.parts(workbook)
        untyped.removeAll { $0.path == contentTypes }
        return [
            ("a VBA project", "q3.xlsm", try UploadSamples.workbook(workbook, adding: [("xl/vbaProject.bin", UploadSamples.oleHeader)]),
             "q3.xlsm: the workbook holds macros (xl/vbaProject.bin)\(macros)"),
            ("a macro-enabled workbook's content type", "q3.xlsx", try UploadSamples.workbook(workbook, changing: [contentTypes: {
                $0.replacingOccurrences(of: workbookType, with: "application/vnd.ms-excel.sheet.macroEnabled.main+xml") }]),
             "q3.xlsx: the workbook holds macros (xl/workbook.xml)\(macros)"),
            ("an Excel 4.0 macro sheet", "q3.xlsx", try UploadSamples.workbook(workbook, adding: [("xl/macrosheets/sheet1.xml", UploadSamples.text("<xm:macrosheet/>"))]),
             "q3.xlsx: the workbook holds macros (xl/macrosheets/sheet1.xml)\(macros)"),
            ("a link to another workbook", "q3.xlsx", try UploadSamples.workbook(workbook, adding: [("xl/externalLinks/externalLink1.xml", UploadSamples.text("<externalLink/>"))]),
             "q3.xlsx: the workbook holds links to other files or data sources (xl/externalLinks/externalLink1.xml)\(links)"),
            ("a data connection", "q3.xlsx", try UploadSamples.workbook(workbook, adding: [("xl/connections.xml", UploadSamples.text("<connections/>"))]),
             "q3.xlsx: the workbook holds links to other files or data sources (xl/connections.xml)\(links)"),
            ("a linked OLE object", "q3.xlsx", try UploadSamples.workbook(workbook, adding: [(sheetRels, UploadSamples.relationships(ole))]),
             "q3.xlsx: the workbook holds links to other files or data sources (\(sheetRels), a link of type oleObject)\(links)"),
            ("a linked picture, in relationships with a namespace prefix", "q3.xlsx", try UploadSamples.workbook(workbook, adding: [(sheetRels, UploadSamples.relationships(linkedPicture, prefix: "pr"))]),
             "q3.xlsx: the workbook holds links to other files or data sources (\(sheetRels), a link of type image)\(links)"),
            ("a zip of 10,001 parts", "q3.xlsx", UploadSamples.zipOfEmptyEntries(10_001),
             "q3.xlsx: the zip file holds 10,001 parts (files inside it), more than the 10,000 Waymark reads and far more than any workbook or document needs, so Waymark does not read it"),
            ("a Word document called .xlsx", "plan.xlsx", try UploadSamples.docx(),
             "plan.xlsx: this is a Word document (.docx), not an Excel workbook (.xlsx); save it as an Excel workbook (.xlsx), or the plan as CSV, and import that"),
            ("a zip that is no Office document", "plan.xlsx", try DamagedWorkbook.write(untyped),
             "plan.xlsx: this is a zip archive, not an Excel workbook: it lacks [Content_Types].xml or xl/workbook.xml, which every .xlsx holds;"),
            ("a PDF called .csv", "plan.csv", UploadSamples.pdf, "plan.csv is a PDF document, not a plan file; \(accepted)"),
            ("a picture called .xlsx", "plan.xlsx", UploadSamples.png, "plan.xlsx is a picture (PNG), not a plan file; \(accepted)"),
            ("a Windows program called .txt", "plan.txt", UploadSamples.windowsProgram, "plan.txt is a Windows program (.exe or .dll), not a plan file; \(accepted)"),
            ("a script called .csv", "plan.csv", UploadSamples.script, "plan.csv is a script (a program in text), not a plan file; \(accepted)"),
            ("text called .xlsx", "plan.xlsx", UploadSamples.text("Area,Activity,Key milestone,Lead officer,Deadline\n"),
             "plan.xlsx is not an Excel workbook (.xlsx): it could not be opened as one"),
            ("a file over 40 MB", "plan.csv", [UInt8](repeating: 0x20, count: 40 * 1024 * 1024 + 1),
             "plan.csv is larger than 40 MB, far larger than any plan, so Waymark does not read it"),
        ]
    }

    @Test(arguments: TestDatabase.allCases)
    func planFilesAreToldByContentAndRefusedBeforeReadingWritingNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            // Read by what it is: a workbook called .csv; and a cell's hyperlink is kept as text.
            let hyperlink = "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://council.example/report.pdf\" TargetMode=\"External\"/>"
            let linked = try UploadSamples.workbook(workbook, adding: [("xl/worksheets/_rels/sheet5.xml.rels", UploadSamples.relationships(hyperlink))])
            let asCSV = try PlanFileLoader.load(workbook, fileName: "plan.csv", today: today)
            #expect(asCSV.document.milestoneCount == 115 && asCSV.source.hasSuffix("of plan.csv"))
            #expect(try PlanFileLoader.load(linked, fileName: "q3.xlsx", today: today).document.milestoneCount == 115)

            let before = try await DamagedWorkbook.counts(app)
            for refused in try Self.refusedPlanFiles(workbook) {
                let refusal = await #expect(throws: PlanFileLoader.Unreadable.self, "\(refused.name)") {
                    let loaded = try PlanFileLoader.load(refused.bytes, fileName: refused.fileName, today: today)
                    _ = try await PlanImportService(db: app.db, actor: "test").run(loaded.document, planReference: "Refused", fileName: refused.fileName)
                }
                #expect(refusal?.description.hasPrefix(refused.says) == true, "\(refused.name): \(refusal?.description.prefix(400) ?? "not refused")")
            }
            #expect(try await DamagedWorkbook.counts(app) == before)
            #expect(try await Plan.query(on: app.db).count() == 1)
        }
    }

    @Test func theWorkbookIsCheckedBeforeAnyPartIsRead() async throws {
        var workbook: [UInt8] = []
        try await withApp(.sqlite) { app in workbook = try await DamagedWorkbook.export(app) }
        // The Grants sheet is cut off, and the parts together state more than the limit though each
        // is within it: the size is refused first, so nothing was unpacked before it.
        let cut = try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants, DamagedWorkbook.halved)
        let parts = try DamagedWorkbook.parts(cut)
        let total = parts.reduce(0) { $0 + $1.data.count }
        #expect(parts.allSatisfy { $0.data.count < total / 2 })
        let tooLarge = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(cut, limits: .init(unpackedBytes: total - 1)) }
        #expect(tooLarge?.message.hasPrefix("the workbook would unpack to more than") == true, "\(tooLarge?.description ?? "")")
        let damaged = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(cut, limits: .init(unpackedBytes: total)) }
        #expect(damaged?.sheet == "Grants")
        // The number of parts, from the zip's end record, before its list is read.
        let many = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(workbook, limits: .init(entries: parts.count - 1)) }
        #expect(many?.message.hasPrefix("the zip file holds \(parts.count) parts") == true, "\(many?.description ?? "")")
        #expect(try XLSXReader.sheets(workbook, limits: .init(entries: parts.count)).count == 6)
        // A macro part in a workbook whose sheets are also damaged is refused for the macros.
        let both = try UploadSamples.workbook(cut, adding: [("xl/vbaProject.bin", UploadSamples.oleHeader)])
        let macros = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(both) }
        #expect(macros?.message.hasPrefix("the workbook holds macros") == true)
    }

    @Test(arguments: TestDatabase.allCases)
    func theImportPageRefusesMacrosAndLinksWritingNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/import")
            let before = try await DamagedWorkbook.counts(app)
            for refused in try Self.refusedPlanFiles(workbook) where refused.bytes.count < 1024 * 1024 {
                let response = try await ImportUpload.send(&team, fileName: refused.fileName, bytes: refused.bytes)
                #expect(response.status == .unprocessableEntity, "\(refused.name)")
                #expect(response.body.string.contains(HTML.escape(refused.says)), "\(refused.name)")
                #expect(!response.body.string.contains("Check the import"), "\(refused.name)")
            }
            // Applying is refused the same way, should such a file be posted straight to it.
            let macros = try UploadSamples.workbook(workbook, adding: [("xl/vbaProject.bin", UploadSamples.oleHeader)])
            let applied = try await team.post("/import/apply", ["content": Data(macros).base64EncodedString(), "filename": "q3.xlsm", "plan": "", "sheet": ""])
            #expect(applied.status == .unprocessableEntity)
            #expect(applied.body.string.contains("q3.xlsm: the workbook holds macros (xl/vbaProject.bin)"))
            #expect(try await DamagedWorkbook.counts(app) == before)
        }
    }

    // MARK: - Attachments

    static func refusedAttachments() throws -> [(name: String, fileName: String, bytes: [UInt8], says: String)] {
        let notAccepted = "which Waymark does not accept as an attachment; it accepts \(AttachmentPolicy.accepted)"
        return [
            ("a Windows program", "letter.pdf", UploadSamples.windowsProgram, "letter.pdf is a Windows program (.exe or .dll), \(notAccepted)"),
            ("a Linux program", "letter.pdf", UploadSamples.linuxProgram, "letter.pdf is a Linux program, \(notAccepted)"),
            ("a script", "run.txt", UploadSamples.script, "run.txt is a script (a program in text), \(notAccepted)"),
            ("bytes of no known kind", "data.txt", UploadSamples.unknown, "data.txt is a file of a kind Waymark does not know (it is not text: it holds control characters), \(notAccepted)"),
            ("a web page called .txt", "letter.txt", UploadSamples.text("<!DOCTYPE html><html><script>alert(1)</script></html>"),
             "letter.txt is a web page or other mark-up (HTML, XML or SVG), \(notAccepted)"),
            ("an SVG picture", "logo.txt", UploadSamples.text("  <svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), "logo.txt is a web page or other mark-up (HTML, XML or SVG), \(notAccepted)"),
            ("a GIF", "chart.gif", UploadSamples.gif, "chart.gif is a GIF picture, \(notAccepted)"),
            ("an older Word document", "letter.doc", UploadSamples.oleHeader, "letter.doc is an older Office file (.doc, .xls, .ppt) or a document protected with a password, \(notAccepted)"),
            ("a zip archive", "papers.zip", try DamagedWorkbook.write([DamagedWorkbook.Part(path: "letter.pdf", data: Data(UploadSamples.pdf))]), "papers.zip is a zip archive, \(notAccepted)"),
            ("a Word document with macros", "letter.docx", try UploadSamples.docx(adding: [("word/vbaProject.bin", UploadSamples.oleHeader)]),
             "letter.docx is a Word document that holds macros (word/vbaProject.bin); save it without macros (as .docx) or as a PDF, \(notAccepted)"),
            ("text called .bat", "minutes.bat", UploadSamples.text("echo hello\r\n"),
             "minutes.bat is plain text, but its name ends .bat; a file's name must say what it is, so rename it to end .txt or .csv or .tsv and attach it again"),
            ("a PDF called .exe", "letter.exe", UploadSamples.pdf,
             "letter.exe is a PDF document, but its name ends .exe; a file's name must say what it is, so rename it to end .pdf and attach it again"),
            ("a PDF without an ending", "letter", UploadSamples.pdf, "letter is a PDF document, but its name has no ending;"),
            ("a file over 20 MB", "letter.pdf", UploadSamples.pdf + [UInt8](repeating: 0x20, count: 20 * 1024 * 1024), "letter.pdf is larger than 20 MB"),
            ("an empty file", "letter.pdf", [], "letter.pdf is empty"),
            ("a name with a line break", "letter\nBcc: x.pdf", UploadSamples.pdf, "The attachment's file name"),
        ]
    }

    static func direction(_ app: Application) async throws -> (DirectionsService, Int) {
        let accounts = try await TestAccounts.make(app)
        let officer = try #require(try await User.find(accounts.ids[.performanceOfficer], on: app.db))
        let service = DirectionsService(db: app.db, user: officer)
        guard case .saved(let direction) = try await service.createDirection(.init(title: "Directions of 16 January 2017", givenOn: "2017-01-16")) else {
            throw TestSetupError("Directions not saved")
        }
        return (service, try direction.requireID())
    }

    static func counts(_ app: Application) async throws -> [Int] {
        [try await app.count("correspondence"), try await app.count("audit_events")]
    }

    @Test(arguments: TestDatabase.allCases)
    func attachmentsAreToldByContentAndRefusalsWriteNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (service, id) = try await Self.direction(app)
            let before = try await Self.counts(app)
            for refused in try Self.refusedAttachments() {
                let result = try await service.addCorrespondence(directionID: id, .init(dated: "2017-11-02", way: "received", title: "Letter",
                                                                                         attachment: (refused.fileName, "application/pdf", Data(refused.bytes))))
                let errors = result.errors
                #expect(errors.map(\.field) == ["attachment"], "\(refused.name)")
                #expect(errors.first?.message.hasPrefix(refused.says) == true, "\(refused.name): \(errors.first?.message ?? "accepted")")
            }
            #expect(try await Self.counts(app) == before)

            // Each accepted kind, kept with the type found in it (not the one the browser claimed),
            // and its name without any folder.
            let workbook = try XLSXWriter.write([.init(name: "Sheet1", rows: [[.header("Note")], [.text("A letter's figures")]])])
            let accepted: [(String, [UInt8], String, String)] = [
                ("C:\\fakepath\\minded-to.pdf", UploadSamples.pdf, "minded-to.pdf", "application/pdf"),
                ("../../chart.PNG", UploadSamples.png, "chart.PNG", "image/png"),
                ("photo.jpeg", UploadSamples.jpeg, "photo.jpeg", "image/jpeg"),
                ("reply.docx", try UploadSamples.docx(), "reply.docx", AttachmentPolicy.Kind.docx.contentType),
                ("figures.xlsx", workbook, "figures.xlsx", AttachmentPolicy.Kind.xlsx.contentType),
                ("slides.pptx", try UploadSamples.pptx(), "slides.pptx", AttachmentPolicy.Kind.pptx.contentType),
                ("notes.csv", UploadSamples.csv, "notes.csv", "text/plain; charset=utf-8"),
            ]
            for (sent, bytes, kept, type) in accepted {
                let result = try await service.addCorrespondence(directionID: id, .init(dated: "2017-11-02", way: "received", title: "Letter with \(kept)",
                                                                                         attachment: (sent, "text/html", Data(bytes))))
                #expect(result.errors.isEmpty, "\(sent): \(result.errors)")
                let entry = try #require(try await Correspondence.query(on: app.db).filter(\.$title == "Letter with \(kept)").first())
                #expect(entry.attachmentName == kept && entry.attachmentType == type && entry.attachment == Data(bytes), "\(sent)")
            }
        }
    }

    /// Posts the correspondence form as a browser does, the file with the type the browser claims.
    static func sendLetter(_ client: inout WebClient, direction: Int, fileName: String, bytes: [UInt8], claimedType: String = "application/octet-stream") async throws -> TestingHTTPResponse {
        let boundary = "----WaymarkTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("csrf_token", client.csrf ?? "")
        field("dated", "2017-11-02")
        field("way", "received")
        field("letter_title", "Letter")
        field("summary", "")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"\(fileName)\"\r\nContent-Type: \(claimedType)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await client.tester.sendRequest(.POST, "/directions/\(direction)/correspondence", headers: headers, body: body)
    }

    @Test(arguments: TestDatabase.allCases)
    func theDirectionsPageRefusesAttachmentsAndServesDownloadsSafely(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (_, id) = try await Self.direction(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            let page = try await team.get("/directions/\(id)").body.string
            #expect(page.contains("accept=\".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.txt,.csv,.tsv\""))
            #expect(page.contains("Up to 20 MB: \(HTML.escape(AttachmentPolicy.accepted))."))
            let before = try await Self.counts(app)
            for refused in try Self.refusedAttachments() where !refused.fileName.contains("\n") && refused.bytes.count < 1024 * 1024 {
                let response = try await Self.sendLetter(&team, direction: id, fileName: refused.fileName, bytes: refused.bytes, claimedType: "application/pdf")
                #expect(response.status == .unprocessableEntity, "\(refused.name)")
                #expect(response.body.string.contains("<p class=\"error-message\" id=\"attachment-error\"><span class=\"visually-hidden\">Error:</span> \(HTML.escape(refused.says))"),
                        "\(refused.name)")
            }
            #expect(try await Self.counts(app) == before)

            // A PDF sent as "text/html" under a name with letters beyond ASCII: kept as a PDF, and
            // downloaded as one, never shown.
            let name = "Lettre d’été.pdf"
            #expect(try await Self.sendLetter(&team, direction: id, fileName: name, bytes: UploadSamples.pdf, claimedType: "text/html").status == .seeOther)
            let letter = try #require(try await Correspondence.query(on: app.db).first())
            #expect(letter.attachmentType == "application/pdf" && letter.attachmentName == name)
            let download = try await team.get("/correspondence/\(letter.id!)/attachment")
            #expect(download.status == .ok && download.body.string == String(decoding: UploadSamples.pdf, as: UTF8.self))
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"Lettre_d__t_.pdf\"; filename*=UTF-8''Lettre%20d%E2%80%99%C3%A9t%C3%A9.pdf")
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")

            // An attachment kept before its content was checked, with the type its sender's browser
            // claimed: served by what it is (unknown, so as bytes), never as a page.
            let old = Correspondence()
            old.$direction.id = id
            old.dated = "2017-10-01"
            old.way = .received
            old.title = "Kept before the checks"
            old.summary = ""
            old.attachmentName = "page\".html"
            old.attachmentType = "text/html"
            old.attachment = Data("<html><script>alert(document.cookie)</script></html>".utf8)
            try await old.create(on: app.db)
            let served = try await team.get("/correspondence/\(old.id!)/attachment")
            #expect(served.headers.first(name: .contentType) == "application/octet-stream")
            #expect(served.headers.first(name: .contentDisposition) == "attachment; filename=\"page_.html\"; filename*=UTF-8''page%22.html")
            #expect(served.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(served.headers.first(name: "Content-Security-Policy") == "default-src 'none'; sandbox")
        }
    }
}
