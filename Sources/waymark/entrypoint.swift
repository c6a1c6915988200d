import Foundation
import Logging
import Vapor
import WaymarkApp

@main
enum Entrypoint {
    static func main() async {
        var environment: Environment
        do {
            environment = try Environment.detect()
            try LoggingSystem.bootstrap(from: &environment)
        } catch {
            fail("\(error)")
        }
        let command = CommandLine.arguments.dropFirst().first
        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            fail("could not start: \(error)")
        }
        var exitCode: Int32 = 0
        do {
            let location = try DatabaseLocation.from(environment: ProcessInfo.processInfo.environment)
            try await Waymark.configure(app, location: location, command: command)
            try await app.startup()
            try await app.running?.onStop.get()
        } catch {
            FileHandle.standardError.write(Data("waymark: \(describe(error))\n".utf8))
            exitCode = 1
        }
        try? await app.asyncShutdown()
        exit(exitCode)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CommandFailure: error.description
        case let error as StartupError: error.description
        case let error as DatabaseLocation.Invalid: error.description
        // Driver errors hide their detail from `description` in case it is sensitive; the
        // operator running the command needs it.
        default: String(reflecting: error)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("waymark: \(message)\n".utf8))
        exit(1)
    }
}
