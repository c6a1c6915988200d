import Fluent
import Vapor
import WaymarkCore

/// `/sign-in` and `/sign-out`.
struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("sign-in", use: form)
        routes.post("sign-in", use: signIn)
        routes.post("sign-out", use: signOut)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var return_to: String?
    }

    func form(req: Request) async throws -> Response {
        // Someone already signed in goes where they were going (the error page would show a thrown redirect as a page).
        if req.currentUser != nil { return req.redirect(to: Self.safeReturn(req.query[String.self, at: "return_to"], routes: req.application.routes)) }
        return Response.html(page(req, email: "", returnTo: req.query[String.self, at: "return_to"], errors: []), status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = form.email ?? "", password = form.password ?? ""
        var errors: [FieldError] = []
        if email.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "email", message: "Enter your email address or user name")) }
        if password.isEmpty { errors.append(.init(field: "password", message: "Enter your password")) }
        if errors.isEmpty {
            switch try await AccountService(db: req.db, settings: req.application.settings).signIn(email: email, password: password) {
            case .signedIn(let user) where user.role == .reviewer && user.reviewerWindow?.contains(AsOf.today(req.application.now())) != true:
                // The right password, on a day the account does not cover: say so, plainly.
                SecurityLog.event("sign-in refused: reviewer access not in force", req, account: user.email, level: .warning)
                errors.append(.init(field: "email", message: user.reviewerWindow?.refusal(on: AsOf.today(req.application.now()))
                                    ?? "Your reviewer access is not set up. Ask the council's performance team"))
            case .signedIn(let user):
                SecurityLog.event("password accepted", req, account: user.email, level: .info)
                var destination = Self.safeReturn(form.return_to, routes: req.application.routes)
                // A reviewer's account opens their review, not the list of plans.
                if user.role == .reviewer, destination == "/plans", let review = user.$review.id { destination = "/reviews/\(review)" }
                return try await SecondStepController.proceed(user, req, to: destination)
            case .disabled(let user) where user.role == .reviewer && user.reviewerWindow?.refusal(on: AsOf.today(req.application.now())) != nil:
                // Retention switches a reviewer's account off the day after its last day; they
                // are still told their access ended, not that they mistyped their password.
                SecurityLog.event("sign-in refused: reviewer access ended", req, account: user.email, level: .warning)
                errors.append(.init(field: "email", message: user.reviewerWindow?.refusal(on: AsOf.today(req.application.now())) ?? ""))
            case .disabled, .wrongDetails:
                SecurityLog.event("sign-in refused: wrong email address or password", req, account: email, level: .warning)
                errors.append(.init(field: "email", message: "The email address or password is not right"))
            case .throttled(let until):
                SecurityLog.event("sign-in held back: too many failures", req, account: email, level: .warning)
                let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
                errors.append(.init(field: "email", message: "There have been too many failed attempts to sign in to this account. Try again in \(minutes) minute\(minutes == 1 ? "" : "s")"))
            }
        }
        let response = Response.html(page(req, email: email, returnTo: form.return_to, errors: errors), status: .unprocessableEntity)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        if let user = req.currentUser { SecurityLog.event("signed out", req, account: user.email, level: .info) }
        req.session.destroy()
        return req.redirect(to: "/sign-in")
    }

    /// Only a page of this site, so a crafted link cannot send someone elsewhere after sign-in.
    /// Browsers drop tabs and line breaks from a Location and treat `\` as `/`, so
    /// `/<TAB>/evil.example` would become `//evil.example`: any whitespace, control character or
    /// backslash refuses the value outright, and the path must be one of Waymark's own GET routes.
    static func safeReturn(_ value: String?, routes: Vapor.Routes) -> String {
        let fallback = "/plans"
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), value.count <= 2_000,
              !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control
                                                    || $0.properties.generalCategory == .format || $0 == "\\" }) else { return fallback }
        let path = value.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0].split(separator: "#")[0]
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let known = routes.all.contains { route in
            route.method == .GET && Self.matches(route.path, parts)
        }
        return known ? value : fallback
    }

    private static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        if pattern.isEmpty { return parts == [""] || parts.isEmpty }
        guard pattern.count == parts.count else { return pattern.last == .catchall && parts.count >= pattern.count - 1 }
        return zip(pattern, parts).allSatisfy { component, part in
            switch component {
            case .constant(let name): name == part
            case .parameter, .anything: !part.isEmpty
            case .catchall: true
            }
        }
    }

    private func page(_ req: Request, email: String, returnTo: String?, errors: [FieldError]) -> HTML {
        let emailError = errors.first { $0.field == "email" }
        let passwordError = errors.first { $0.field == "password" }
        let token = CSRF.token(for: req)
        let lifetime = req.application.sessionLifetime
        let timedOut: HTML = req.query[String.self, at: "timed_out"] == "1" && errors.isEmpty
            ? "<div class=\"notification\" role=\"status\"><h2>You have been signed out</h2><p>For your security, Waymark signs you out after \(Int(lifetime.idle / 60)) minutes without activity, and \(Int(lifetime.absolute / 3600)) hours after you signed in. Sign in again to carry on.</p></div>"
            : req.query[String.self, at: "code_expired"] == "1" && errors.isEmpty
            ? "<div class=\"notification\" role=\"status\"><h2>Sign in again</h2><p>The code must be entered within 5 minutes of the password. Sign in again to get a new chance.</p></div>"
            : ""
        return Layout.page("Sign in", context: req.layoutContext, errors: errors, """
        <h1>Sign in to Waymark</h1>
        \(timedOut)
        <form method="post" action="/sign-in" novalidate>
          \(Layout.csrfField(token))
          <input type="hidden" name="return_to" value="\(returnTo ?? "")">
          <div class="form-group\(emailError == nil ? "" : " form-group--error")">
            <label class="label" for="email">Email address or user name</label>
            \(emailError.map { "<p class=\"error-message\" id=\"email-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML })
            <input class="input input--width-20\(emailError == nil ? "" : " input--error")" id="email" name="email" type="text" autocomplete="username" spellcheck="false" value="\(email)"\(emailError == nil ? "" : HTML(" aria-describedby=\"email-error\""))>
          </div>
          <div class="form-group\(passwordError == nil ? "" : " form-group--error")">
            <label class="label" for="password">Password</label>
            \(passwordError.map { "<p class=\"error-message\" id=\"password-error\"><span class=\"visually-hidden\">Error:</span> \($0.message)</p>" as HTML })
            <input class="input input--width-20\(passwordError == nil ? "" : " input--error")" id="password" name="password" type="password" autocomplete="current-password"\(passwordError == nil ? "" : HTML(" aria-describedby=\"password-error\""))>
          </div>
          <button type="submit" class="button">Sign in</button>
        </form>
        \(req.application.signInLinkMail == nil ? HTML("") : HTML("<p><a href=\"/forgotten-password\">Forgotten your password?</a></p>"))
        """)
    }
}
