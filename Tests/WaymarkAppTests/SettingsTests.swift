import Foundation
import Testing
@testable import WaymarkApp
import WaymarkTestSupport

/// Every environment variable is read once, into `Settings`, and the README and `.env.example`
/// list exactly the variables `Settings` reads.
@Suite struct SettingsTests {
    private var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    @Test func theREADMEAndTheExampleListEveryVariableAndNoOther() throws {
        let names = Set(Settings.variables.map(\.name))
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "### Configuration")[1].components(separatedBy: "\n### ")[0]
        let listed = Set(table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `WAYMARK_") else { return nil }
            return String(line.dropFirst(3).prefix { $0 != "`" })
        })
        #expect(listed == names)
        let example = try String(contentsOf: root.appendingPathComponent(".env.example"), encoding: .utf8)
        let exampled = Set(example.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# WAYMARK_"), let equals = line.firstIndex(of: "=") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 2)..<equals])
        })
        #expect(exampled == names)
    }

    @Test func nothingButSettingsReadsTheEnvironment() throws {
        let sources = root.appendingPathComponent("Sources/WaymarkApp")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 100)
        for file in files where file.lastPathComponent != "Settings.swift" && file.lastPathComponent != "Waymark+configure.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("Environment.get("), "\(file.lastPathComponent)")
            #expect(!text.contains("processInfo.environment"), "\(file.lastPathComponent)")
        }
    }

    @Test func defaultsAndRefusals() throws {
        let standard = try Settings(environment: [:])
        #expect(standard.databaseWaitSeconds == 30 && standard.backupKeepDays == 30 && standard.shutdownGraceSeconds == 10)
        #expect(standard.councilName == "The council" && standard.mailFrom == "waymark@localhost" && standard.bcryptCost == 12)
        #expect(standard.publicURL == nil && !standard.isHTTPS && standard.publicBase == "http://localhost:8080")
        #expect(standard.timeZone.identifier == "Europe/London" && !standard.jsonLogs && !standard.timings)
        let set = try Settings(environment: ["WAYMARK_PUBLIC_URL": " https://waymark.example.gov.uk/ ", "WAYMARK_COUNCIL_NAME": "Eastbrook",
                                             "WAYMARK_PDF_RENDERS": "3", "WAYMARK_LOG_FORMAT": "json", "WAYMARK_TIMINGS": ""])
        #expect(set.isHTTPS && set.publicBase == "https://waymark.example.gov.uk" && set.councilName == "Eastbrook")
        #expect(set.pdfRenders == 3 && set.jsonLogs && set.timings)
        for (name, value) in [("WAYMARK_PDF_RENDERS", "0"), ("WAYMARK_BCRYPT_COST", "3"), ("WAYMARK_PUBLIC_CACHE_SECONDS", "soon"),
                              ("WAYMARK_BACKUP_KEEP_DAYS", "0"), ("WAYMARK_SHUTDOWN_GRACE_SECONDS", "601"), ("WAYMARK_DATABASE_WAIT_SECONDS", "-1"),
                              ("WAYMARK_TIME_ZONE", "Mars/Olympus"), ("WAYMARK_LOG_FORMAT", "xml"), ("WAYMARK_SESSION_IDLE_MINUTES", "0")] {
            do {
                _ = try Settings(environment: [name: value])
                Issue.record("\(name)=\(value) was accepted")
            } catch let error as StartupError {
                #expect(error.description.hasPrefix(name), "\(error)")
            }
        }
        // Only the command that opens the database reports a bad URL.
        let badURL = try Settings(environment: ["WAYMARK_DATABASE_URL": "mysql://nope"])
        #expect(throws: (any Error).self) { try badURL.databaseLocation() }
    }
}
