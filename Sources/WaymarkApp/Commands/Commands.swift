import Vapor

enum Commands {
    /// Every command but `routes` needs the database; each opens it (and creates or migrates a
    /// new SQLite file) only when it runs, after its options have been read.
    static func register(on app: Application) async {
        func use<C: AsyncCommand>(_ command: C, as name: String, isDefault: Bool = false) {
            app.asyncCommands.use(NeedsDatabase(base: command, name: name), as: name, isDefault: isDefault)
        }
        use(MigrateCommand(), as: "migrate")
        use(ImportCommand(), as: "import")
        use(PlansCommand(), as: "plans")
        use(StatusCommand(), as: "status")
        use(ReportCommand(), as: "report")
        use(SendRemindersCommand(), as: "send-reminders")
        use(RetentionCommand(), as: "retention")
        use(OpenPeriodCommand(), as: "open-period")
        use(ClosePeriodCommand(), as: "close-period")
        use(SchemesCommand(), as: "schemes")
        use(PublishCommand(), as: "publish")
        use(MilestonesCommand(), as: "milestones")
        use(CreateAdminCommand(), as: "create-admin")
        use(CreateUserCommand(), as: "create-user")
        use(ResetPasswordCommand(), as: "reset-password")
        use(CreateTokenCommand(), as: "create-token")
        use(SetUserDisabledCommand(disabled: true), as: "disable-user")
        use(SetUserDisabledCommand(disabled: false), as: "enable-user")
        use(VerifyAuditCommand(), as: "verify-audit")
        use(ImportKPIsCommand(), as: "import-kpis")
        use(KPIsCommand(), as: "kpis")
        use(BackupCommand(), as: "backup")
        use(CopyDataCommand(), as: "copy-data")
        // Restore must not open (or create) the database it is about to replace.
        app.asyncCommands.use(RestoreCommand(), as: "restore")
        use(await app.servers.asyncCommand, as: "serve", isDefault: true)
    }
}

/// A command that makes the database ready for itself before it runs. Its options are read
/// first, so a bad option or `--help` never opens (or creates) a database.
struct NeedsDatabase<Base: AsyncCommand>: AsyncCommand {
    typealias Signature = Base.Signature
    let base: Base
    let name: String

    var help: String { base.help }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await Waymark.prepareDatabase(context.application, for: name, booted: true)
        try await base.run(using: context, signature: signature)
    }
}

/// An error whose description is a sentence for a person, as the command line prints it.
public protocol PlainError: Error, CustomStringConvertible {}

/// A command that could not do what it was asked, with the reason in words a user can act on.
public struct CommandFailure: PlainError {
    public let description: String
    public init(_ description: String) { self.description = description }
}
