import Fluent
import Vapor

/// `waymark migrate`: brings the schema up to date, without asking, so scripts can run it.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Creates or updates the database schema." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.migrator.setupIfNeeded().get()
        let pending = try await app.migrator.previewPrepareBatch().get()
        if pending.isEmpty {
            context.console.print("The database is up to date.")
            return
        }
        try await app.migrator.prepareBatch().get()
        context.console.print("Applied \(pending.count) migration(s): " + pending.map { $0.0.name }.joined(separator: ", "))
    }
}
