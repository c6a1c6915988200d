import Fluent
import Vapor
import WaymarkCore

/// `/account/two-step`: setting up, moving and turning off two-step sign-in, and recovery
/// codes; an administrator's switch to require it, and their way to turn it off for someone who
/// has lost their phone.
struct TwoStepPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("account", "two-step", use: show)
        routes.post("account", "two-step", use: confirm)
        routes.post("account", "two-step", "off", use: turnOff)
        routes.post("account", "two-step", "recovery-codes", use: newCodes)
        routes.post("admin", "users", ":userID", "two-step", "off", use: adminTurnOff)
        routes.post("admin", "settings", "two-step", use: require)
    }

    func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        return try await page(req, user: user, errors: [], codes: nil)
    }

    func confirm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let service = SecondFactorService(db: req.db, now: req.application.now())
        let result = try await service.confirm(user, code: (try? req.content.get(String.self, at: "code")) ?? "",
                                               password: try? req.content.get(String.self, at: "current_password"), keepingSession: req.session.id?.string)
        guard case .saved(let codes) = result else {
            return Response.html(try await page(req, user: user, errors: result.errors, codes: nil), status: .unprocessableEntity)
        }
        req.session.data["second_step_needed"] = nil
        return Response.html(try await page(req, user: user, errors: [], codes: codes), status: .ok)
    }

    func newCodes(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let result = try await SecondFactorService(db: req.db, now: req.application.now())
            .newRecoveryCodes(for: user, code: (try? req.content.get(String.self, at: "recovery_code")) ?? "")
        guard case .saved(let codes) = result else {
            let errors = result.errors.map { FieldError(field: "recovery_code", message: $0.message) }
            return Response.html(try await page(req, user: user, errors: errors, codes: nil), status: .unprocessableEntity)
        }
        return Response.html(try await page(req, user: user, errors: [], codes: codes), status: .ok)
    }

    func turnOff(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let result = try await SecondFactorService(db: req.db).turnOff(for: user, by: user, password: try? req.content.get(String.self, at: "password"),
                                                                       keepingSession: req.session.id?.string)
        guard case .saved = result else {
            return Response.html(try await page(req, user: user, errors: result.errors, codes: nil), status: .unprocessableEntity)
        }
        return req.redirect(to: "/account/two-step?off=1")
    }

    func adminTurnOff(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        _ = try await SecondFactorService(db: req.db).turnOff(for: user, by: admin, password: nil, keepingSession: nil)
        let notice = UserPages.banner("Two-step sign-in turned off",
                                      "\(user.email) signs in with their password alone until they set it up again. Their sessions have ended.")
        return Response.html(try await UserPages.detail(req, user: user, form: nil, errors: [], notice: notice), status: .ok)
    }

    func require(req: Request) async throws -> Response {
        let admin = try req.authorize(.editSettings)
        let required = (try? req.content.get(String.self, at: "required")) == "yes"
        _ = try await SecondFactorSettings.save(required: required, by: admin, on: req.db)
        return req.redirect(to: "/admin/settings?saved=1")
    }

    private func page(_ req: Request, user: User, errors: [FieldError], codes: [String]?) async throws -> HTML {
        let userID = try user.requireID()
        let service = SecondFactorService(db: req.db, now: req.application.now())
        let status = try await service.status(of: userID)
        let required = try await SecondFactorSettings.isRequired(for: user.role, on: req.db)
        let token = CSRF.token(for: req)
        var parts: [HTML] = []
        if let codes {
            parts.append(Self.codesShown(codes))
        } else if req.query[String.self, at: "recovery_code_used"] == "1" {
            parts.append("<div class=\"notification\" role=\"status\"><h2>You signed in with a recovery code</h2><p>That code cannot be used again. You have \(Plural.count(status.recoveryCodesLeft, "recovery code")) left. If you have lost your phone, set up two-step sign-in on a new one below.</p></div>")
        } else if req.query[String.self, at: "off"] == "1" {
            parts.append(UserPages.banner("Two-step sign-in is off", "You sign in with your password alone. Your other sessions have ended."))
        }
        if req.session.data["second_step_needed"] != nil {
            parts.append("<div class=\"notification\" role=\"status\"><h2>Set up two-step sign-in to continue</h2><p>Administrators and performance officers can change every record, so they sign in with a password and a code from an app on their phone.</p></div>")
        }
        if status.isOn {
            parts.append("""
            <p>Two-step sign-in is <strong>on</strong>. You have \(Plural.count(status.recoveryCodesLeft, "unused recovery code")).</p>
            <h2 id="codes">Make new recovery codes</h2>
            <p>Your old recovery codes stop working.</p>
            <form method="post" action="/account/two-step/recovery-codes" novalidate>\(Layout.csrfField(token))
              \(MilestoneUpdateForm.textField("recovery_code", "Code from your authenticator app", hint: "The 6-digit code your app shows now", value: "", errors: errors))
              <button class="button button--secondary" type="submit">Make new recovery codes</button>
            </form>
            """)
            if !required {
                parts.append("""
                <h2 id="off">Turn off two-step sign-in</h2>
                <form method="post" action="/account/two-step/off" novalidate>\(Layout.csrfField(token))
                  \(Self.passwordField(errors))
                  <button class="button button--warning" type="submit">Turn off two-step sign-in</button>
                </form>
                """)
            }
        }
        let secret = try await service.pendingSecret(for: user)
        parts.append(Self.setUp(secret: secret, account: user.email, moving: status.isOn, token: token, errors: errors))
        return Layout.page("Two-step sign-in", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/account", "Your account")]))
        <h1>Two-step sign-in</h1>
        <p>With two-step sign-in, signing in needs your password and a code from an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator. Someone who learns your password still cannot sign in as you.</p>
        \(parts)
        """)
    }

    static func passwordField(_ errors: [FieldError], name: String = "password") -> HTML {
        let p = MilestoneUpdateForm.fieldParts(name, hint: nil, errors: errors)
        return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">Your password</label>\(p.error)<input class=\"input input--width-20\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" type=\"password\" autocomplete=\"current-password\"\(p.describedBy)></div>"
    }

    static func setUp(secret: [UInt8], account: String, moving: Bool, token: String, errors: [FieldError]) -> HTML {
        let key = Base32.grouped(Base32.encode(secret))
        let link = TOTP.link(secret: secret, account: account)
        return """
        <h2 id="set-up">\(moving ? "Move two-step sign-in to a new app" : "Set up two-step sign-in")</h2>
        <ol class="list list--number">
          <li>In your authenticator app, choose to add an account, then to enter a key by hand (or, on the phone itself, <a href="\(link)">open this link in your app</a>).</li>
          <li>Enter the account name <strong>Waymark</strong> and this key. It is time-based.<p class="secret-key"><code id="secret-key">\(key)</code></p></li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <form method="post" action="/account/two-step" novalidate>\(Layout.csrfField(token))
          \(moving ? passwordField(errors, name: "current_password") : "")
          \(MilestoneUpdateForm.textField("code", "Code from your authenticator app", hint: "The 6-digit code, for example 123456", value: "", errors: errors))
          <button class="button" type="submit">\(moving ? "Move to this app" : "Turn on two-step sign-in")</button>
        </form>
        """
    }

    static func codesShown(_ codes: [String]) -> HTML {
        let items = codes.map { "<li><code>\($0)</code></li>" as HTML }
        return """
        <div class="notification notification--success" role="status"><h2>Save your recovery codes</h2>
        <p>Two-step sign-in is on. If you lose your phone, each of these codes signs you in once in place of a code from the app. Keep them somewhere safe, such as a password manager. They are shown only now.</p>
        <ul class="list recovery-codes">\(items)</ul></div>
        """
    }
}
