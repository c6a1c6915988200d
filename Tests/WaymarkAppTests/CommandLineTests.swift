import Foundation
import Testing
import WaymarkTestSupport
@testable import WaymarkApp

/// Runs the built `waymark` executable as a user would, in a scratch folder.
struct WaymarkProcess {
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/waymark").path
    }

    let folder: URL
    var databaseURL: String?

    init(databaseURL: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.databaseURL = databaseURL
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["WAYMARK_DATABASE_URL"] = databaseURL
        environment["LOG_LEVEL"] = "error"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }
}

@Suite(.serialized) struct CommandLineTests {
    let seedPath = Fixtures.shapedPlanPath

    @Test func importsTheSeedAndPrintsTheStatusTable() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let imported = try waymark.run("import", seedPath)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("5 areas, 26 activities, 115 milestones, 18 lead officers"))
        #expect(imported.stderr.contains("\"Kerry\" is taken to be \"Kerry Palmer\""))
        #expect(FileManager.default.fileExists(atPath: waymark.folder.appendingPathComponent("waymark.sqlite").path))

        let status = try waymark.run("status", "--plan", "1", "--as-of", "2017-12-31")
        #expect(status.status == 0)
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Elections ") && $0.hasSuffix("76%") })
        #expect(lines.contains { $0.hasPrefix("Total ") && $0.contains(" 115 ") })

        let csv = try waymark.run("status", "--plan", "Eastbrook Borough Council Improvement Plan 2017-18", "--as-of", "2017-12-31", "--format", "csv")
        #expect(csv.stdout.hasPrefix("Area,Completed,On Target,Delayed,Overdue,Active,% complete,% completed or on target\n"))
        #expect(csv.stdout.contains("\nGrants,0,5,0,18,23,0,22\n"))

        let milestones = try waymark.run("milestones", "--plan", "1", "--lead", "Mina", "--as-of", "2017-12-31", "--format", "csv")
        #expect(milestones.status == 0)
        #expect(milestones.stdout.split(separator: "\n").count == 5)  // header and 4 rows

        let plans = try waymark.run("plans")
        #expect(plans.stdout.contains("Eastbrook Borough Council Improvement Plan 2017-18"))
    }

    @Test func aMalformedFileNamesEveryBadLineAndChangesNothing() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        #expect(try waymark.run("import", seedPath).status == 0)
        let before = try waymark.run("milestones", "--plan", "1", "--format", "csv").stdout

        let bad = try waymark.write("bad.csv", """
            Area,Activity,Milestone,Lead,Deadline
            Elections,1. Planning for the 2018 borough and parish elections,New milestone,Lucy Marsh,May-18
            Elections,1. Planning for the 2018 borough and parish elections,Missing deadline,Lucy Marsh,
            Grants,27. New activity,Bad deadline,Sam Hale,next spring
            Grants,27. New activity,,Sam Hale,Jun-18
            """)
        let result = try waymark.run("import", bad, "--plan", "1")
        #expect(result.status != 0)
        #expect(result.stderr.contains("nothing was changed"))
        #expect(result.stderr.contains("bad.csv: line 3, deadline: no deadline is given"))
        #expect(result.stderr.contains("bad.csv: line 4, deadline: cannot read the deadline \"next spring\""))
        #expect(result.stderr.contains("bad.csv: line 5, milestone: the milestone has no title"))
        #expect(!result.stderr.contains("line 2"))
        #expect(try waymark.run("milestones", "--plan", "1", "--format", "csv").stdout == before)
    }

    @Test func badOptionsAreClearErrors() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        #expect(try waymark.run("import", seedPath).status == 0)
        let badDate = try waymark.run("status", "--plan", "1", "--as-of", "31/12/2017")
        #expect(badDate.status == 1)
        #expect(badDate.stderr.contains("--as-of: \"31/12/2017\" is not a date; write it as YYYY-MM-DD"))
        let noPlan = try waymark.run("status", "--plan", "Nope")
        #expect(noPlan.stderr.contains("no plan \"Nope\"; the plans are: 1 \"Eastbrook Borough Council Improvement Plan 2017-18\""))
        let missing = try waymark.run("import", "no-such-file.csv")
        #expect(missing.stderr.contains("no-such-file.csv: cannot read the file"))
    }

    @Test func aBadDatabaseURLStopsStartUpNamingTheVariable() throws {
        for (url, fragment) in [
            ("mysql://u@h/db", "the scheme \"mysql\" is not supported"),
            ("sqlite::memory:", "in-memory"),
            ("/no/such/folder/waymark.sqlite", "the folder /no/such/folder"),
            ("postgres://nobody@127.0.0.1:1/waymark", "cannot open the PostgreSQL"),
        ] {
            let waymark = try WaymarkProcess(databaseURL: url)
            defer { waymark.cleanUp() }
            let result = try waymark.run("plans")
            #expect(result.status == 1, "\(url)")
            #expect(result.stderr.hasPrefix("waymark: WAYMARK_DATABASE_URL: "), "\(url): \(result.stderr)")
            #expect(result.stderr.contains(fragment), "\(url): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(url): one line, got \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: waymark.folder.appendingPathComponent("waymark.sqlite").path))
        }
    }

    @Test func postgresNeedsAnExplicitMigrate() async throws {
        let admin = try TestDatabase.postgresAdminURL
        let name = "waymark_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: admin)!
        components.path = "/" + name
        let waymark = try WaymarkProcess(databaseURL: components.string!)
        defer { waymark.cleanUp() }

        let early = try waymark.run("import", seedPath)
        #expect(early.status == 1)
        #expect(early.stderr.contains("run `waymark migrate` first"))
        let migrate = try waymark.run("migrate")
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(try waymark.run("import", seedPath).status == 0)
        #expect(try waymark.run("migrate").stdout.contains("up to date"))
        let status = try waymark.run("status", "--plan", "1", "--as-of", "2017-12-31", "--format", "json")
        #expect(status.stdout.contains("\"summary\" : \"31% completed or on target, 69% delayed or overdue\""))
        try await runAdmin(admin, "DROP DATABASE IF EXISTS \(name)")
    }
}
