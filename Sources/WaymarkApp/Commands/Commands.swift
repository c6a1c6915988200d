import Vapor

enum Commands {
    static func register(on app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(PlansCommand(), as: "plans")
        app.asyncCommands.use(StatusCommand(), as: "status")
        app.asyncCommands.use(ReportCommand(), as: "report")
        app.asyncCommands.use(SendRemindersCommand(), as: "send-reminders")
        app.asyncCommands.use(MilestonesCommand(), as: "milestones")
        app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
        app.asyncCommands.use(CreateUserCommand(), as: "create-user")
        app.asyncCommands.use(ResetPasswordCommand(), as: "reset-password")
        app.asyncCommands.use(CreateTokenCommand(), as: "create-token")
        app.asyncCommands.use(SetUserDisabledCommand(disabled: true), as: "disable-user")
        app.asyncCommands.use(SetUserDisabledCommand(disabled: false), as: "enable-user")
    }
}

/// A command that could not do what it was asked, with the reason in words a user can act on.
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
