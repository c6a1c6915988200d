import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
import ZIPFoundation
@testable import WaymarkApp

/// Waymark's own delivery-plan workbook of the seed plan, and the damage a download, a copy or a
/// hostile hand can do to it, made with ZIPFoundation as another zip tool would.
enum DamagedWorkbook {
    /// The workbook's sheets are Summary, Elections, Communications, Property, Grants and
    /// Organisational Culture, written as sheet1.xml to sheet6.xml in that order.
    static let grants = "xl/worksheets/sheet5.xml"

    /// The Board pack's workbook of the plan (imported first) for Q3 2017-18.
    static func export(_ app: Application) async throws -> [UInt8] {
        let plan = try await importSeedPlan(app)
        let seeded = try #require(try await Plan.find(plan.planID, on: app.db))
        let q3 = try ReportingPeriod.parse("Q3 2017-18").get()
        let report = try await PeriodReport.build(plan: seeded, period: q3, record: nil, today: CalendarDate(year: 2018, month: 1, day: 5)!, on: app.db)
        let workbook = try DeliveryPlanExport.workbook(report)
        #expect(try XLSXReader.sheets(workbook)[4].name == "Grants")
        return workbook
    }

    struct Part {
        var path: String
        var data: Data
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    static func parts(_ workbook: [UInt8]) throws -> [Part] {
        let archive = try Archive(data: Data(workbook), accessMode: .read)
        return try archive.map { entry in
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return Part(path: entry.path, data: data)
        }
    }

    static func write(_ parts: [Part], method: CompressionMethod = .deflate) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.data.count), compressionMethod: method) { position, size in
                part.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }

    /// The workbook with one part's text changed, or removed when `change` gives nil; the zip
    /// itself is whole and every checksum right, so only the reader of the XML can notice.
    static func changing(_ workbook: [UInt8], _ path: String, _ change: (String) -> String?) throws -> [UInt8] {
        var parts = try parts(workbook)
        let index = try #require(parts.firstIndex { $0.path == path }, "no part \(path)")
        if let changed = change(parts[index].text) { parts[index].data = Data(changed.utf8) } else { parts.remove(at: index) }
        return try write(parts)
    }

    /// Cut off half-way, as an interrupted download or copy leaves it.
    static func halved(_ text: String) -> String { String(text.prefix(text.count / 2)) }

    /// The workbook with its text in shared strings, as Excel and LibreOffice save it, rather than
    /// inline as Waymark writes it.
    static func withSharedStrings(_ workbook: [UInt8]) throws -> [UInt8] {
        var parts = try parts(workbook)
        var strings: [String] = []
        var numbers: [String: Int] = [:]
        for index in parts.indices where parts[index].path.hasPrefix("xl/worksheets/") {
            var rest = Substring(parts[index].text)
            var xml = ""
            while let start = rest.range(of: "t=\"inlineStr\"><is><t") {
                xml += rest[..<start.lowerBound]
                let opened = try #require(rest[start.upperBound...].firstIndex(of: ">"))
                let closed = try #require(rest.range(of: "</t></is>", range: opened..<rest.endIndex))
                let text = String(rest[rest.index(after: opened)..<closed.lowerBound])
                let number = numbers[text] ?? strings.count
                if number == strings.count {
                    strings.append(text)
                    numbers[text] = number
                }
                xml += "t=\"s\"><v>\(number)</v>"
                rest = rest[closed.upperBound...]
            }
            parts[index].data = Data((xml + rest).utf8)
        }
        let shared = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
            + strings.map { "<si><t xml:space=\"preserve\">\($0)</t></si>" }.joined() + "</sst>"
        parts.append(Part(path: "xl/sharedStrings.xml", data: Data(shared.utf8)))
        for index in parts.indices {
            switch parts[index].path {
            case "[Content_Types].xml":
                parts[index].data = Data(parts[index].text.replacingOccurrences(of: "</Types>", with:
                    "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>").utf8)
            case "xl/_rels/workbook.xml.rels":
                parts[index].data = Data(parts[index].text.replacingOccurrences(of: "</Relationships>", with:
                    "<Relationship Id=\"rIdShared\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>").utf8)
            default: break
            }
        }
        return try write(parts)
    }

    /// Where a part's local header and (compressed) data start in the zip.
    static func locate(_ zip: [UInt8], _ path: String) throws -> (header: Int, data: Int) {
        let name = Array(path.utf8)
        let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        func isHeader(_ at: Int) -> Bool {
            zip[at..<at + 4].elementsEqual(signature) && zip[at + 30..<at + 30 + name.count].elementsEqual(name)
        }
        let header = try #require((0...(zip.count - 30 - name.count)).first(where: isHeader))
        let extra = Int(zip[header + 28]) | Int(zip[header + 29]) << 8
        return (header, header + 30 + name.count + extra)
    }

    /// Every damage, with what the refusal must say. Each leaves the zip container readable, so
    /// only a reader that checks every part can tell.
    static func damages(_ workbook: [UInt8]) throws -> [(name: String, bytes: [UInt8], says: String)] {
        let shared = try withSharedStrings(workbook)
        var stored = try write(try parts(workbook), method: .none)
        // One byte of the Grants sheet changed in the zip, as a bad disk or a bad copy does.
        let grantsSize = try #require(try parts(workbook).first { $0.path == grants }).data.count
        stored[try locate(stored, grants).data + grantsSize / 2] ^= 0x01
        // A deflate stream that starts a stored block longer than the entry, so it never ends
        // (ZIPFoundation's own reader spins for ever on this).
        var endless = workbook
        let data = try locate(endless, grants).data
        endless.replaceSubrange(data..<data + 5, with: [0x00, 0xFF, 0xFF, 0x00, 0x00])

        return [
            ("the Grants sheet cut off half-way", try changing(workbook, grants, halved),
             "sheet \"Grants\": the XML is cut off at line 2, after row "),
            ("the Grants sheet's part missing", try changing(workbook, grants) { _ in nil },
             "sheet \"Grants\": the workbook lists this sheet but its part (xl/worksheets/sheet5.xml) is missing (the file may be damaged or incompletely copied)"),
            ("the Grants sheet's XML broken in the middle", try changing(workbook, grants) { xml in
                let rows = xml.components(separatedBy: "</row>")
                return rows[..<3].joined(separator: "</row>") + "</rox>" + rows[3...].joined(separator: "</row>")
            }, "sheet \"Grants\": the XML is damaged at line 2, column "),
            ("the Grants sheet's XML broken after its second row", try changing(workbook, grants) { xml in
                let rows = xml.components(separatedBy: "</row>")
                return rows[..<3].joined(separator: "</row>") + "</rox>" + rows[3...].joined(separator: "</row>")
            }, ", after row 2 (the file may be damaged or incompletely copied)"),
            ("the Grants sheet failing its CRC", stored,
             "sheet \"Grants\": its contents do not match the zip file's record of them"),
            ("the Grants sheet's compressed data never ending", endless,
             "sheet \"Grants\": its data is cut short (the file may be damaged or incompletely copied)"),
            ("the shared strings cut off half-way", try changing(shared, "xl/sharedStrings.xml", halved),
             "the shared text (xl/sharedStrings.xml): the XML is cut off at line 2, after "),
            ("the shared strings missing", try changing(shared, "xl/sharedStrings.xml") { _ in nil },
             "the shared text (xl/sharedStrings.xml): the workbook lists this part but it is missing (the file may be damaged or incompletely copied)"),
            ("a bad shared-string index in the Grants sheet", try changing(shared, grants) { xml in
                // The sixth row's first text cell.
                let row = xml.components(separatedBy: "<row ")[6]
                let cell = String(row[row.range(of: "t=\"s\"><v>")!.lowerBound..<row.range(of: "</v>")!.upperBound])
                return xml.replacingOccurrences(of: row, with: row.replacingOccurrences(of: cell, with: "t=\"s\"><v>99999</v>"))
            }, "sheet \"Grants\", row 6, cell A6: the cell refers to shared text number 99999, but the workbook holds only "),
            ("a document type declaring an entity that reads a file", try changing(workbook, grants) { xml in
                xml.replacingOccurrences(of: "<worksheet ", with: "<!DOCTYPE worksheet [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]><worksheet ")
                    .replacingOccurrences(of: "<t xml:space=\"preserve\">", with: "<t xml:space=\"preserve\">&secret;")
            }, "sheet \"Grants\": the XML declares a document type (<!DOCTYPE or <!ENTITY), which no workbook saved by Excel or LibreOffice has, so Waymark does not read it"),
            ("the whole file cut off half-way", Array(workbook.prefix(workbook.count / 2)),
             "this is not a readable .xlsx workbook: its zip container is damaged or cut short (the file may be damaged or incompletely copied)"),
        ]
    }

    static func counts(_ app: Application) async throws -> [Int] {
        [try await app.count("plans"), try await app.count("milestones"), try await app.count("audit_events")]
    }
}

@Suite struct DamagedWorkbookTests {
    let today = CalendarDate(year: 2018, month: 1, day: 5)!

    @Test(arguments: TestDatabase.allCases)
    func aDamagedWorkbookIsRefusedWholeNamingTheSheetAndNothingIsWritten(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            // The undamaged workbook, the same in shared strings, and with them in a part of another
            // name (found through the workbook's list of parts), read whole.
            let shared = try DamagedWorkbook.withSharedStrings(workbook)
            var renamed = try DamagedWorkbook.parts(shared)
            for index in renamed.indices {
                if renamed[index].path == "xl/sharedStrings.xml" { renamed[index].path = "xl/strings/text.xml" }
                if renamed[index].path == "xl/_rels/workbook.xml.rels" {
                    renamed[index].data = Data(renamed[index].text.replacingOccurrences(of: "Target=\"sharedStrings.xml\"", with: "Target=\"strings/text.xml\"").utf8)
                }
            }
            for whole in [workbook, shared, try DamagedWorkbook.write(renamed)] {
                #expect(try PlanFileLoader.load(whole, fileName: "q3.xlsx", today: today).document.milestoneCount == 115)
            }
            let before = try await DamagedWorkbook.counts(app)
            for damage in try DamagedWorkbook.damages(workbook) {
                let refusal = await #expect(throws: PlanFileLoader.Unreadable.self, "\(damage.name)") {
                    let loaded = try PlanFileLoader.load(damage.bytes, fileName: "q3.xlsx", today: today)
                    // What the import did before: a plan of part of the workbook, with no word of what was left out.
                    _ = try await PlanImportService(db: app.db, actor: "test").run(loaded.document, planReference: "Damaged copy", fileName: "q3.xlsx")
                }
                let message = refusal?.description ?? ""
                #expect(message.hasPrefix("q3.xlsx"), "\(damage.name): \(message)")
                #expect(message.contains(damage.says), "\(damage.name): \(message)")
            }
            #expect(try await DamagedWorkbook.counts(app) == before)
            #expect(try await Plan.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theImportPageRefusesADamagedWorkbookAndChangesNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let workbook = try await DamagedWorkbook.export(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/import")
            let before = try await DamagedWorkbook.counts(app)
            for damage in try DamagedWorkbook.damages(workbook) {
                let response = try await ImportUpload.send(&team, fileName: "q3.xlsx", bytes: damage.bytes)
                #expect(response.status == .unprocessableEntity, "\(damage.name)")
                #expect(response.body.string.contains(HTML.escape(damage.says)), "\(damage.name)")
                #expect(!response.body.string.contains("Check the import"), "\(damage.name)")
            }
            // Applying is refused the same way, should a damaged file be posted straight to it.
            let cut = try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants, DamagedWorkbook.halved)
            let applied = try await team.post("/import/apply", ["content": Data(cut).base64EncodedString(), "filename": "q3.xlsx", "plan": "", "sheet": ""])
            #expect(applied.status == .unprocessableEntity)
            #expect(applied.body.string.contains("sheet &quot;Grants&quot;: the XML is cut off"))
            #expect(try await DamagedWorkbook.counts(app) == before)
        }
    }

    @Test func theCommandLineRefusesADamagedWorkbookAndChangesNothing() async throws {
        var workbook: [UInt8] = []
        try await withApp(.sqlite) { app in workbook = try await DamagedWorkbook.export(app) }
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        #expect(try waymark.run("import", Fixtures.shapedPlanPath).status == 0)
        let path = waymark.folder.appendingPathComponent("q3.xlsx")
        try Data(try DamagedWorkbook.changing(workbook, DamagedWorkbook.grants, DamagedWorkbook.halved)).write(to: path)
        for refused in [try waymark.run("import", path.path, "--plan", "1"), try waymark.run("import", path.path),
                        try waymark.run("import", path.path, "--sheet", "Elections", "--preview")] {
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("q3.xlsx, sheet \"Grants\": the XML is cut off at line 2, after row "), "\(refused.stderr)")
            #expect(refused.stderr.contains("(the file may be damaged or incompletely copied); nothing was changed"), "\(refused.stderr)")
        }
        let plans = try waymark.run("plans", "--format", "csv")
        #expect(plans.stdout.split(separator: "\n").count == 2, "\(plans.stdout)")
        let milestones = try waymark.run("milestones", "--plan", "1", "--format", "csv")
        #expect(milestones.stdout.split(separator: "\n").count == 116)
    }

    @Test func aWorkbookBeyondTheLimitsIsRefusedBeforeItIsUnpacked() async throws {
        var workbook: [UInt8] = []
        try await withApp(.sqlite) { app in workbook = try await DamagedWorkbook.export(app) }
        // 201 MB of spaces in the Grants sheet: a few hundred kilobytes packed.
        var parts = try DamagedWorkbook.parts(workbook)
        let index = try #require(parts.firstIndex { $0.path == DamagedWorkbook.grants })
        parts.remove(at: index)
        let archive = try Archive(data: Data(try DamagedWorkbook.write(parts)), accessMode: .update)
        let size = 201 * 1024 * 1024
        let spaces = Data(repeating: 0x20, count: 1024 * 1024)
        try archive.addEntry(with: DamagedWorkbook.grants, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { _, chunk in
            spaces.prefix(chunk)
        }
        let bomb = [UInt8](try #require(archive.data))
        #expect(bomb.count < 2 * 1024 * 1024)
        // The message is the one given before anything is unpacked.
        let refusal = #expect(throws: PlanFileLoader.Unreadable.self) { try PlanFileLoader.load(bomb, fileName: "big.xlsx", today: today) }
        #expect(refusal?.description == "big.xlsx: the workbook would unpack to more than 200 MB, far more than any plan needs, so Waymark does not read it; "
            + "save the plan's sheets in a smaller workbook, or as CSV, and import that")

        // A part that says it is small and unpacks to more is stopped at its stated size.
        var lying = bomb
        let name = Array(DamagedWorkbook.grants.utf8)
        let inDirectory = try #require((0...(lying.count - name.count)).last { lying[$0..<$0 + name.count].elementsEqual(name) }) - 46
        #expect(lying[inDirectory..<inDirectory + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]))
        lying.replaceSubrange(inDirectory + 24..<inDirectory + 28, with: [0x00, 0x10, 0x00, 0x00])  // 4 KB
        let lied = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(lying) }
        #expect(lied?.sheet == "Grants" && lied?.message.contains("do not match the zip file's record of them") == true)

        // Cells and rows, with the limits lowered so that the plan's own workbook passes them.
        let cells = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(workbook, limits: .init(cells: 300)) }
        #expect(cells?.description.contains("the workbook holds more than 300 cells, far more than any plan needs, so Waymark does not read it") == true)
        let rows = #expect(throws: XLSXReader.Unreadable.self) { try XLSXReader.sheets(workbook, limits: .init(rowsPerSheet: 10)) }
        #expect(rows?.sheet != nil && rows?.message.hasPrefix("the sheet has more than 10 rows, more than Excel allows") == true)
    }
}

/// Posts the import form as a browser does, as multipart/form-data with the session's token.
enum ImportUpload {
    static func send(_ client: inout WebClient, fileName: String, bytes: [UInt8], plan: String = "", to path: String = "/import") async throws -> TestingHTTPResponse {
        let boundary = "----WaymarkTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("csrf_token", client.csrf ?? "")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n")
        field("plan", plan)
        field("sheet", "")
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie = client.cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await client.tester.sendRequest(.POST, path, headers: headers, body: body)
    }
}
