import Fluent
import Vapor
import WaymarkCore

/// Your own account: changing your password (required first when it was a one-time password).
struct AccountPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", use: account)
        routes.get("account", "password", use: passwordForm)
        routes.post("account", "password", use: changePassword)
    }

    struct PasswordChange: Content {
        var current_password: String?
        var new_password: String?
        var confirm_password: String?
    }

    func account(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let person = try await user.$person.get(on: req.db)
        let changed = req.query[String.self, at: "changed"] == "1"
        return Layout.page("Your account", context: req.layoutContext, """
        <h1>Your account</h1>
        \(changed ? UserPages.banner("Password changed", "Your new password is saved. You have been signed out everywhere else.") : HTML(""))
        <dl class="summary-list">
          <dt>Name</dt><dd>\(user.displayName)</dd>
          <dt>Email address</dt><dd>\(user.email)</dd>
          <dt>Role</dt><dd>\(user.role.label)</dd>
          \(person.map { "<dt>Lead officer</dt><dd>\($0.name)</dd>" as HTML })
        </dl>
        <ul class="list">
          <li><a href="/account/password">Change your password</a></li>
          <li><a href="/account/two-step">Two-step sign-in</a> (\(try await SecondFactorService(db: req.db).status(of: user.requireID()).isOn ? "on" : "off"))</li>
          <li><a href="/account/sessions">Where you are signed in</a></li>
          <li><a href="/account/tokens">API tokens for scripts</a></li>
        </ul>
        """)
    }

    func passwordForm(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        return Self.page(req, user: user, errors: [])
    }

    func changePassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PasswordChange.self)
        let result = try await AccountService(db: req.db, settings: req.application.settings).changeOwnPassword(userID: try user.requireID(), current: form.current_password ?? "",
                                                                            new: form.new_password ?? "", confirmation: form.confirm_password ?? "",
                                                                            keeping: req.session.id?.string)
        guard case .saved = result else { return Response.html(Self.page(req, user: user, errors: result.errors), status: .unprocessableEntity) }
        return req.redirect(to: "/account?changed=1")
    }

    static func page(_ req: Request, user: User, errors: [FieldError]) -> HTML {
        let forced: HTML = user.mustChangePassword
            ? "<div class=\"notification\" role=\"status\"><h2>Choose a new password</h2><p>You signed in with a one-time password. Choose your own before you continue.</p></div>"
            : ""
        return Layout.page("Change your password", context: req.layoutContext, errors: errors, """
        <h1>Change your password</h1>
        \(forced)
        <form method="post" action="/account/password" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          <input type="hidden" name="username" autocomplete="username" value="\(user.email)">
          \(UserPages.textInput("current_password", "Current password", value: "", type: "password", autocomplete: "current-password", errors: errors))
          \(newPasswordFields(errors))
          <button class="button" type="submit">Change password</button>
        </form>
        """)
    }

    static func newPasswordFields(_ errors: [FieldError]) -> HTML {
        let hint = "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words together make a strong password that is easy to remember."
        return """
        \(UserPages.textInput("new_password", "New password", value: "", type: "password", autocomplete: "new-password", hint: hint, errors: errors))
        \(UserPages.textInput("confirm_password", "Confirm your new password", value: "", type: "password", autocomplete: "new-password", errors: errors))
        """
    }
}
