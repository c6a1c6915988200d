import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor
import WaymarkApp

@main
enum Entrypoint {
    static func main() async {
        // Swift's tasks run on NIO's event loops rather than a pool of their own, so a request
        // does not hop between two sets of threads at every database call: on a 2-core machine
        // those hops were most of the cost of a small API answer. It must come before any task.
        let onEventLoops = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var environment: Environment
        let settings: Settings
        do {
            // Every variable Waymark reads, read here once; a wrong one stops start-up, named.
            settings = try Settings(environment: ProcessInfo.processInfo.environment)
            environment = try Environment.detect()
            let json = settings.jsonLogs
            try LoggingSystem.bootstrap(from: &environment) { level in
                let console = Terminal()
                return { label in
                    WaymarkLogHandler(wrapping: json ? JSONLogHandler(label: label, level: level) : ConsoleLogger(label: label, console: console, level: level))
                }
            }
        } catch {
            fail("\(error)")
        }
        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            fail("could not start: \(error)")
        }
        app.logger.debug("Swift's tasks \(onEventLoops ? "run on NIO's event loops" : "keep their own pool; NIO's event loops could not take them over")")
        var exitCode: Int32 = 0
        do {
            // Nothing here opens the database: each command does when it runs, so a mistyped
            // command or option leaves no database file behind.
            try await Waymark.configureCommandLine(app, settings: settings)
            try await app.startup()
            if let running = app.running {
                try await running.onStop.get()
                // Stop taking connections and let the requests in flight finish (up to the
                // server's shutdown timeout) before the database closes: Vapor's own shutdown
                // closes the database first, and a request still running then found it gone.
                await app.server.shutdown()
            }
        } catch let error as CommandError {
            FileHandle.standardError.write(Data(usage(error, app: app).utf8))
            exitCode = 2
        } catch {
            FileHandle.standardError.write(Data("waymark: \(describe(error))\n".utf8))
            exitCode = 1
        }
        try? await app.asyncShutdown()
        exit(exitCode)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as any PlainError: error.description
        case let error as StartupError: error.description
        case let error as DatabaseLocation.Invalid: error.description
        // Driver errors hide their detail from `description` in case it is sensitive; the
        // operator running the command needs it.
        default: String(reflecting: error)
        }
    }

    /// A mistyped command or option, said in a sentence, with the list of commands.
    static func usage(_ error: CommandError, app: Application) -> String {
        let arguments = Array(app.environment.arguments.dropFirst())
        let typed = arguments.first.flatMap { $0.hasPrefix("-") ? nil : $0 }
        let commands = app.asyncCommands.commands
        let command = typed.map { "`waymark \($0)`" } ?? "`waymark`"
        let sentence: String
        switch error {
        case .unknownCommand(let name, _) where name.hasPrefix("-"):
            sentence = "\"\(name)\" is not a Waymark command; name the command before its options."
        case .unknownCommand(let name, let available):
            let suggestion = closest(to: name, in: available).map { " Did you mean `waymark \($0)`?" } ?? ""
            sentence = "\"\(name)\" is not a Waymark command.\(suggestion)"
        case .unknownInput(let input):
            let words = input.split(separator: " ").map(String.init)
            if typed == nil, let first = words.first, !first.hasPrefix("-") {
                sentence = "\"\(first)\" is not a Waymark command."
            } else if typed == nil {
                sentence = "\"\(input)\" is not a command or an option Waymark knows."
            } else if words.count == 1, words[0].hasPrefix("-") {
                sentence = "\(command) has no option \(words[0]). Run `waymark \(typed!) --help` to see its options."
            } else {
                sentence = "\(command) does not understand \"\(input)\". Run `waymark \(typed!) --help` to see its options."
            }
        case .missingRequiredArgument(let name):
            sentence = "\(command) needs the \(name). Run `waymark \(typed ?? "COMMAND") --help` to see how to give it."
        case .invalidOptionType(let name, let type):
            sentence = "The value given for --\(name) in \(command) is not \(kind(type))."
        case .invalidArgumentType(let name, let type):
            sentence = "The \(name) given to \(command) is not \(kind(type))."
        case .missingCommand:
            sentence = "Name a command."
        }
        // A command or option that does not exist is answered with the list of commands; a
        // missing or unreadable value needs only the sentence.
        switch error {
        case .unknownCommand, .unknownInput, .missingCommand: break
        default: return "waymark: \(sentence)\n"
        }
        let width = (commands.keys.map(\.count).max() ?? 0) + 2
        let list = commands.sorted { $0.key < $1.key }.map { name, command in
            "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + command.help
        }
        return "waymark: \(sentence)\n\nThe commands are:\n\(list.joined(separator: "\n"))\n\nRun `waymark COMMAND --help` to see a command's options.\n"
    }

    static func kind(_ type: any Any.Type) -> String {
        switch type {
        case is Int.Type, is Int?.Type: "a whole number"
        case is Double.Type, is Double?.Type: "a number"
        case is Bool.Type, is Bool?.Type: "yes or no"
        default: "valid"
        }
    }

    /// The command nearest to a mistyped one (two letters or fewer apart), if any.
    static func closest(to name: String, in commands: [String]) -> String? {
        var best: (command: String, distance: Int)?
        for command in commands.sorted() {
            let apart = distance(name, command)
            if apart <= 2, apart < (best?.distance ?? Int.max) { best = (command, apart) }
        }
        return best?.command
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("waymark: \(message)\n".utf8))
        exit(1)
    }
}
