import Fluent
import Vapor
import WaymarkCore

/// `waymark create-admin --email … [--name …]`: a new administrator with a one-time password.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "the administrator's email address (their sign-in name)") var email: String?
        @Option(name: "name", help: "their name as shown in Waymark") var name: String?
    }

    var help: String { "Creates an administrator account and prints its one-time password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
            throw CommandFailure("--email: give the administrator's email address")
        }
        let db = context.application.db
        let password = AccountService.randomPassword()
        let result = try await AccountService(db: db, settings: context.application.settings).createUser(email: email, displayName: signature.name ?? email, password: password,
                                                                 role: .admin, personID: nil, by: "command line")
        if let problem = result.errors.first {
            let hint = problem.field == "email" && problem.message.hasPrefix("There is already") ? "; use `waymark reset-password --email \(email.lowercased())`" : ""
            throw CommandFailure("--\(Self.option(problem.field)): \(problem.message)\(hint)")
        }
        context.console.print("Created the administrator \(email.lowercased()). One-time password (shown once): \(password)")
    }
}

extension CreateAdminCommand {
    /// The command-line option that carries a form field.
    static func option(_ field: String) -> String { field == "display_name" ? "name" : field }
}

/// `waymark reset-password --email …`: a new one-time password for an account.
struct ResetPasswordCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "the account's email address or user name") var email: String?
    }

    var help: String { "Sets a new random password for an account and prints it once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email, !email.isEmpty else { throw CommandFailure("--email: say whose password to reset") }
        let password = try await AccountService(db: context.application.db, settings: context.application.settings).resetPassword(email: email, by: "command line")
        context.console.print("New password for \(email.lowercased()) (shown once): \(password)")
    }
}

/// `waymark create-token --email … --name …`: an API token for scripts, printed once.
struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "the account the token acts as") var email: String?
        @Option(name: "name", help: "what the token is for") var name: String?
    }

    var help: String { "Creates a personal API token for an account and prints it once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        guard let email = signature.email, let user = try await User.query(on: db).filter(\.$email == email.lowercased()).first() else {
            throw CommandFailure("--email: there is no account \(signature.email ?? "")")
        }
        let token = try await APITokenService(db: db).create(for: user, name: signature.name ?? "command line", by: "command line")
        context.console.print(token)
    }
}

/// `waymark create-user --email … --name … --role lead_officer [--lead "Louise Stamp"]`.
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "their email address (their sign-in name)") var email: String?
        @Option(name: "name", help: "their name as shown in Waymark") var name: String?
        @Option(name: "role", help: "admin, performance_officer, lead_officer, board_member, viewer or reviewer") var role: String?
        @Option(name: "lead", help: "for a lead officer: the lead officer's name as it appears in the plan") var lead: String?
        @Option(name: "review", help: "for a reviewer: the review's number") var review: Int?
        @Option(name: "valid-from", help: "for a reviewer: the first day of access, YYYY-MM-DD (default: two weeks before the visit)") var validFrom: String?
        @Option(name: "valid-until", help: "for a reviewer: the last day of access, YYYY-MM-DD (default: two weeks after the visit)") var validUntil: String?
    }

    var help: String { "Creates an account with a role and prints its one-time password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        guard let email = signature.email, email.contains("@") else { throw CommandFailure("--email: give an email address") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure("--role: use one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var personID: Int?
        if let lead = signature.lead {
            guard let person = try await Person.query(on: db).filter(\.$nameKey == LeadNames.key(lead)).first() else {
                throw CommandFailure("--lead: there is no lead officer called \(lead) in any plan")
            }
            personID = person.id
        }
        if role == .leadOfficer && personID == nil { throw CommandFailure("--lead: a lead officer account needs the lead officer's name") }
        if role == .reviewer {
            guard let review = signature.review else { throw CommandFailure("--review: a reviewer's account belongs to a review; give its number") }
            guard try await Review.find(review, on: db) != nil else { throw CommandFailure("--review: there is no review \(review)") }
            let input = ReviewerAccountService.Input(email: email, name: signature.name ?? "", validFrom: signature.validFrom ?? "", validUntil: signature.validUntil ?? "")
            switch try await ReviewerAccountService(db: db, actor: "command line", bcryptCost: context.application.settings.bcryptCost).giveAccess(reviewID: review, input) {
            case .saved(let made):
                context.console.print("Created \(made.user.email) (External reviewer of review \(review), \(made.user.validFrom ?? "") to \(made.user.validUntil ?? "")). One-time password (shown once): \(made.password)")
                return
            case .invalid(let errors):
                let problem = errors[0]
                let option = ["valid_from": "valid-from", "valid_until": "valid-until", "peer_id": "review"][problem.field] ?? CreateAdminCommand.option(problem.field)
                throw CommandFailure("--\(option): \(problem.message)")
            case .conflict:
                throw CommandFailure("someone else changed the review; try again")
            }
        }
        let password = AccountService.randomPassword()
        let result = try await AccountService(db: db, settings: context.application.settings).createUser(email: email, displayName: signature.name ?? email, password: password,
                                                                 role: role, personID: personID, by: "command line")
        if let problem = result.errors.first { throw CommandFailure("--\(CreateAdminCommand.option(problem.field)): \(problem.message)") }
        context.console.print("Created \(email.lowercased()) (\(role.label)). One-time password (shown once): \(password)")
    }
}

/// `waymark disable-user --email …` and `waymark enable-user --email …`. Disabling revokes the
/// account's sessions and API tokens at once; re-enabling brings none of them back.
struct SetUserDisabledCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "the account's email address or user name") var email: String?
    }

    let disabled: Bool
    var help: String {
        disabled ? "Disables an account: it cannot sign in, and its sessions and API tokens are revoked."
                 : "Re-enables a disabled account (its old sessions and API tokens stay revoked)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty else {
            throw CommandFailure("--email: say which account to \(disabled ? "disable" : "enable")")
        }
        let db = context.application.db
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else {
            throw CommandFailure("--email: there is no account \(email)")
        }
        if let problem = try await AccountService(db: db, settings: context.application.settings).setDisabled(userID: try user.requireID(), disabled, by: "command line").errors.first {
            throw CommandFailure("--email: \(problem.message)")
        }
        context.console.print(disabled ? "Disabled \(email); its sessions and API tokens were revoked." : "Re-enabled \(email).")
    }
}
