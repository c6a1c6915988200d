import Foundation
import Testing
@testable import WaymarkApp

/// A mistyped command or option is answered in a sentence with the list of commands, and leaves
/// no database behind; only a command that needs the database opens (or creates) it.
@Suite(.serialized) struct UnknownCommandTests {
    func noDatabase(_ waymark: WaymarkProcess) -> Bool {
        !FileManager.default.fileExists(atPath: waymark.folder.appendingPathComponent("waymark.sqlite").path)
    }

    @Test func aMistypedCommandIsASentenceAndTheListOfCommands() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let result = try waymark.run("improt", "plan.csv")
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("waymark: \"improt\" is not a Waymark command. Did you mean `waymark import`?\n"), "\(result.stderr)")
        #expect(result.stderr.contains("The commands are:"))
        for command in ["import", "plans", "status", "migrate", "serve", "create-admin"] {
            #expect(result.stderr.contains("\n  \(command) "), "\(command) is listed")
        }
        #expect(!result.stderr.contains("unknownCommand"))
        #expect(!result.stderr.contains("available:"))
        #expect(result.stdout.isEmpty)
        #expect(noDatabase(waymark))
    }

    @Test func aBadOptionNamesItAndTheCommand() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let result = try waymark.run("status", "--plan", "1", "--bogus")
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("waymark: `waymark status` has no option --bogus. Run `waymark status --help` to see its options.\n"), "\(result.stderr)")
        #expect(result.stderr.contains("The commands are:"))
        #expect(!result.stderr.contains("unknownInput"))
        #expect(noDatabase(waymark))

        let port = try waymark.run("serve", "--port", "eighty")
        #expect(port.status != 0)
        #expect(port.stderr == "waymark: The value given for --port in `waymark serve` is not a whole number.\n", "\(port.stderr)")
        #expect(noDatabase(waymark))

        let missing = try waymark.run("import")
        #expect(missing.status != 0)
        #expect(missing.stderr == "waymark: `waymark import` needs the file. Run `waymark import --help` to see how to give it.\n", "\(missing.stderr)")
        #expect(noDatabase(waymark))

        let option = try waymark.run("--bogus")
        #expect(option.status != 0)
        #expect(option.stderr.hasPrefix("waymark: \"--bogus\" is not a Waymark command; name the command before its options.\n"), "\(option.stderr)")
        #expect(option.stderr.contains("The commands are:"))
        #expect(noDatabase(waymark))
    }

    @Test func helpNeedsNoDatabase() throws {
        // Not even a usable one: help must work whatever the database URL says.
        for url in [nil, "mysql://u@h/db"] {
            let waymark = try WaymarkProcess(databaseURL: url)
            defer { waymark.cleanUp() }
            let help = try waymark.run("--help")
            #expect(help.status == 0, "\(help.stderr)")
            #expect(help.stdout.contains("import"))
            #expect(help.stdout.contains("migrate"))
            let importHelp = try waymark.run("import", "--help")
            #expect(importHelp.status == 0, "\(importHelp.stderr)")
            #expect(importHelp.stdout.contains("--preview"))
            #expect(noDatabase(waymark))
        }
    }

    @Test func aCommandThatNeedsTheDatabaseStillSetsUpANewFile() throws {
        let waymark = try WaymarkProcess()
        defer { waymark.cleanUp() }
        let plans = try waymark.run("plans")
        #expect(plans.status == 0, "\(plans.stderr)")
        #expect(!noDatabase(waymark))
    }
}
