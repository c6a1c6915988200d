import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
import WaymarkTestSupport
@testable import WaymarkApp

/// Text plan files through the import page and `waymark import`: Excel's "Unicode Text"
/// (UTF-16LE with a byte-order mark) is read, and a file holding NUL bytes is refused as not a
/// text file, with nothing written.
@Suite struct TextFileEncodingTests {
    static let today = CalendarDate(year: 2018, month: 1, day: 5)!

    /// The seed plan as Excel's "Unicode Text" would hold it: UTF-16LE after a byte-order mark.
    static func seedPlanInUTF16() throws -> [UInt8] {
        let text = String(decoding: try Fixtures.bytes(Fixtures.shapedPlanName), as: UTF8.self)
        return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// A CSV plan with a NUL byte on its second line, as a damaged copy might have.
    static let nulHolding = Array("Area,Activity,Key milestone,Lead officer,Deadline\nGrants,1. Review,A\0\0,Jo Bloggs,May-18\n".utf8)
    static let refusal = "plan.csv is not a text file: it holds NUL bytes (the first on line 2), as programs, pictures and other binary files do; "
        + "save the plan as CSV, as Unicode text or as an Excel workbook (.xlsx) and import that"

    @Test func theLoaderReadsUTF16AndRefusesNULBytes() throws {
        let loaded = try PlanFileLoader.load(try Self.seedPlanInUTF16(), fileName: "plan.txt", today: Self.today)
        #expect(loaded.document.milestoneCount == 115 && loaded.document.people.count == 18)
        let refused = #expect(throws: PlanFileLoader.Unreadable.self) { try PlanFileLoader.load(Self.nulHolding, fileName: "plan.csv", today: Self.today) }
        #expect(refused?.description == Self.refusal)
    }

    @Test(arguments: TestDatabase.allCases)
    func theImportPageReadsUTF16AndRefusesNULBytesWritingNothing(database: TestDatabase) async throws {
        try await withApp(database) { app in
            try await importSeedPlan(app)
            _ = try await TestAccounts.make(app)
            var team = try WebClient(app)
            try await team.signIn(TestAccounts.email(.performanceOfficer), TestAccounts.password)
            _ = try await team.get("/import")
            let before = try await DamagedWorkbook.counts(app)

            let refused = try await ImportUpload.send(&team, fileName: "plan.csv", bytes: Self.nulHolding)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(HTML.escape(Self.refusal)))

            // Previewed into a new plan, the UTF-16 file is the whole plan; nothing is saved yet.
            let preview = try await ImportUpload.send(&team, fileName: "plan.txt", bytes: try Self.seedPlanInUTF16(), plan: "Unicode copy")
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("115 milestones added"))
            #expect(try await DamagedWorkbook.counts(app) == before)
        }
    }

    @Test func theCommandLineReadsUTF16AndRefusesNULBytes() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let unicode = waymark.folder.appendingPathComponent("plan.txt")
        try Data(try Self.seedPlanInUTF16()).write(to: unicode)
        let imported = try waymark.run("import", unicode.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("5 areas, 26 activities, 115 milestones, 18 lead officers"))

        let binary = waymark.folder.appendingPathComponent("plan.csv")
        try Data(Self.nulHolding).write(to: binary)
        let refused = try waymark.run("import", binary.path, "--plan", "1")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(Self.refusal + "; nothing was changed"), "\(refused.stderr)")
        let milestones = try waymark.run("milestones", "--plan", "1", "--format", "csv")
        #expect(milestones.stdout.split(separator: "\n").count == 116)
    }
}
