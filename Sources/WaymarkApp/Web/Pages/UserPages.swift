import Fluent
import Vapor
import WaymarkCore

/// The users list and one account's page.
enum UserPages {
    static func list(_ req: Request, form: UserPagesController.NewUser, errors: [FieldError], notice: HTML?) async throws -> HTML {
        let users = try await User.query(on: req.db).with(\.$person).sort(\.$email).all()
        let rows = users.map { u -> HTML in
            """
            <tr><td><a href="/admin/users/\(u.id ?? 0)">\(u.displayName)<span class="visually-hidden"> (change)</span></a></td><td>\(u.email)</td>\
            <td>\(u.role.label)</td><td>\(u.person?.name ?? "")</td><td>\(stateTag(u))</td></tr>
            """
        }
        let mailNote: HTML = req.application.signInLinkMail == nil
            ? "Waymark will show a one-time password to pass on by a secure route. It must be changed at first sign-in."
            : "Waymark will email a one-time sign-in link, which works once within 24 hours."
        return Layout.page("Users", context: req.layoutContext, errors: errors, """
        <h1>Users</h1>
        \(notice)
        <table class="table"><caption class="visually-hidden">Accounts</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Lead officer</th><th scope="col">State</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        <h2>Add a user</h2>
        <p>\(mailNote)</p>
        <form method="post" action="/admin/users" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          \(textInput("display_name", "Name", value: form.display_name ?? "", errors: errors))
          \(textInput("email", "Email address", value: form.email ?? "", type: "email", errors: errors))
          \(try await roleAndPersonFields(req, role: form.role ?? "", personID: form.person_id ?? "", errors: errors))
          <button class="button" type="submit">Add user</button>
        </form>
        """)
    }

    static func twoStep(_ req: Request, user: User, token: String) async throws -> HTML {
        let id = try user.requireID()
        guard try await SecondFactorService(db: req.db).status(of: id).isOn else {
            return "<h2 id=\"two-step\">Two-step sign-in</h2><p>Off. They can set it up under Your account.</p>"
        }
        return """
        <h2 id="two-step">Two-step sign-in</h2>
        <p>On. If they have lost their phone and their recovery codes, turn it off; they then sign in with their password alone until they set it up again, and all their sessions end.</p>
        <form method="post" action="/admin/users/\(id)/two-step/off">\(Layout.csrfField(token))<button class="button button--secondary" type="submit">Turn off two-step sign-in</button></form>
        """
    }

    static func detail(_ req: Request, user: User, form: UserPagesController.NewUser?, errors: [FieldError], notice: HTML?) async throws -> HTML {
        let id = try user.requireID()
        let person = try await user.$person.get(on: req.db)
        let token = CSRF.token(for: req)
        let disable: HTML = user.disabled
            ? """
              <h2 id="enable">Re-enable the account</h2>
              <p>They can sign in again with their password. Sessions and API tokens revoked when the account was disabled stay revoked.</p>
              <form method="post" action="/admin/users/\(id)/enable">\(Layout.csrfField(token))<button class="button button--secondary" type="submit">Re-enable account</button></form>
              """
            : """
              <h2 id="disable">Disable the account</h2>
              <p id="disable-warning"><strong>They will be signed out everywhere at once, and their API tokens will be revoked. Their changes stay in the audit trail.</strong></p>
              <form method="post" action="/admin/users/\(id)/disable">\(Layout.csrfField(token))<button class="button button--warning" type="submit" aria-describedby="disable-warning">Disable account</button></form>
              """
        let resetHelp: HTML = req.application.signInLinkMail == nil
            ? "A new one-time password is shown here once. All their sessions end, and they must choose a new password when they next sign in."
            : "They are emailed a one-time sign-in link that works once within 24 hours. All their sessions end."
        return Layout.page(user.displayName, context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/admin/users", "Users")]))
        <h1>\(user.displayName)</h1>
        \(notice)
        <dl class="summary-list">
          <dt>Email address</dt><dd>\(user.email)</dd>
          <dt>Role</dt><dd>\(user.role.label)</dd>
          <dt>Lead officer</dt><dd>\(person?.name ?? "None")</dd>
          <dt>State</dt><dd>\(stateTag(user))</dd>
        </dl>
        <h2>Change role or lead officer</h2>
        <form method="post" action="/admin/users/\(id)" novalidate>
          \(Layout.csrfField(token))
          \(try await roleAndPersonFields(req, role: form?.role ?? user.role.rawValue,
                                          personID: form?.person_id ?? user.$person.id.map(String.init) ?? "", errors: errors))
          <button class="button" type="submit">Save changes</button>
        </form>
        \(try await twoStep(req, user: user, token: token))
        <h2 id="sessions">Signed-in sessions</h2>
        \(SessionPagesController.table(req, try await SignedInSessions(db: req.db).list(of: id, currentKey: req.session.id?.string),
                                        endPath: { "/admin/users/\(id)/sessions/\($0)/end" }, caption: "Sessions of \(user.displayName)"))
        \(user.disabled ? HTML("") : HTML("""
        <h2 id="reset">Reset the password</h2>
        <p>\(resetHelp)</p>
        <form method="post" action="/admin/users/\(id)/reset-password">\(Layout.csrfField(token))<button class="button button--secondary" type="submit">Reset password</button></form>
        """))
        \(disable)
        """)
    }

    static func stateTag(_ user: User) -> HTML {
        if user.disabled { return "<strong class=\"tag tag--withdrawn\">Disabled</strong>" }
        if user.mustChangePassword { return "<strong class=\"tag tag--delayed\">Must choose a password</strong>" }
        return "<strong class=\"tag tag--completed\">Active</strong>"
    }

    static func banner(_ heading: String, _ text: String) -> HTML {
        "<div class=\"notification notification--success\" role=\"status\"><h2>\(heading)</h2><p>\(text)</p></div>"
    }

    /// With a mail server, a one-time sign-in link by email; without one, the one-time password on screen.
    static func deliverOneTimeAccess(_ req: Request, to user: User, password: String?, purpose: SignInLink.Purpose, by admin: User,
                                     heading: String) async throws -> HTML {
        guard let mail = req.application.signInLinkMail else {
            return """
            <div class="notification notification--success" role="status"><h2>\(heading)</h2>
            <p>Give \(user.email) this one-time password by a secure route: <strong><code>\(password ?? "")</code></strong>. It will not be shown again, and they must change it when they sign in.</p></div>
            """
        }
        let token = try await AccountService(db: req.db, settings: req.application.settings).issueSignInLink(for: try user.requireID(), purpose: purpose, by: AuditLog.actor(admin))
        do {
            try await mail.send(SignInLinkMail.message(to: user, token: token, purpose: purpose, publicURL: mail.publicURL))
            return banner(heading, "We have emailed a one-time sign-in link to \(user.email). It works once, within 24 hours.")
        } catch {
            req.logger.error("sign-in link: could not send to \(user.email): \(error)")
            return """
            <div class="notification" role="alert"><h2>The email could not be sent</h2>
            <p>The mail server did not take the message for \(user.email): \(String(describing: error)). Try “Reset password” on their account page later.</p></div>
            """
        }
    }

    static func roleAndPersonFields(_ req: Request, role: String, personID: String, errors: [FieldError]) async throws -> HTML {
        let people = try await Person.query(on: req.db).sort(\.$name).all()
        // No role is chosen for a new account: one made in haste must not become another administrator.
        let roles = [(value: "", label: "Select a role")] + Role.councilRoles.map { (value: $0.rawValue, label: $0.label) }
        let persons = [(value: "", label: "None")] + people.map { (value: String($0.id ?? 0), label: $0.name) }
        let roleField = FormFields.select("role", "Role", options: roles, selected: role, errors: errors)
        let personField = FormFields.select("person_id", "Lead officer (for lead officer accounts)",
                                            hint: "The person whose milestones this account updates, joint leads included",
                                            options: persons, selected: personID, errors: errors)
        return "\(roleField)\(personField)"
    }

    static func textInput(_ name: String, _ label: String, value: String, type: String = "text", autocomplete: String = "off",
                          hint: String? = nil, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts(name, hint: hint, errors: errors)
        return """
        <div class="\(p.group)"><label class="label" for="\(name)">\(label)</label>\(p.error)\
        <input class="input input--width-20\(p.errorClass)" id="\(name)" name="\(name)" type="\(type)" autocomplete="\(autocomplete)" spellcheck="false" value="\(value)"\(p.describedBy)></div>
        """
    }
}
