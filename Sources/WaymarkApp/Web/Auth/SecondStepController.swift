import Fluent
import Vapor
import WaymarkCore

/// The second step of signing in, for accounts with two-step sign-in: after the password (or a
/// sign-in link), a code from the authenticator app or a recovery code.
///
/// Between the steps the browser holds a session that names the account waiting for its code,
/// and nothing else: no page, form or API treats it as signed in. It lasts five minutes.
struct SecondStepController: RouteCollection {
    static let pendingLifetime: TimeInterval = 5 * 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get("sign-in", "code", use: form)
        routes.post("sign-in", "code", use: check)
    }

    /// Where a correct password (or sign-in link) leads: the code page for an account with two
    /// steps, otherwise signed in, and first to setting up two steps when the role needs it.
    static func proceed(_ user: User, _ req: Request, to destination: String) async throws -> Response {
        let userID = try user.requireID()
        if try await SecondFactorService(db: req.db).status(of: userID).isOn {
            req.session.id = nil
            req.session.data = SessionData()
            req.session.data["pending_user_id"] = String(userID)
            req.session.data["pending_at"] = String(req.application.now().timeIntervalSince1970)
            req.session.data["pending_return"] = destination
            return req.redirect(to: "/sign-in/code")
        }
        try SessionLifetime.signIn(user, on: req)
        if try await SecondFactorSettings.isRequired(for: user.role, on: req.db) {
            req.session.data["second_step_needed"] = "1"
            return req.redirect(to: "/account/two-step")
        }
        return req.redirect(to: destination)
    }

    /// The account waiting for its code, if the wait has not run out.
    private func pending(_ req: Request) async throws -> User? {
        guard req.hasSession, req.session.data["user_id"] == nil, let id = req.session.data["pending_user_id"].flatMap(Int.init),
              let at = req.session.data["pending_at"].flatMap(Double.init),
              req.application.now().timeIntervalSince1970 - at <= Self.pendingLifetime else { return nil }
        guard let user = try await User.find(id, on: req.db), !user.disabled else { return nil }
        return user
    }

    func form(req: Request) async throws -> Response {
        guard try await pending(req) != nil else { return expired(req) }
        return Response.html(page(req, errors: []), status: .ok)
    }

    func check(req: Request) async throws -> Response {
        guard let user = try await pending(req) else { return expired(req) }
        let typed = (try? req.content.get(String.self, at: "code")) ?? ""
        let service = SecondFactorService(db: req.db, now: req.application.now())
        let message: String
        switch try await service.check(try user.requireID(), typed: typed) {
        case .accepted(let usedRecoveryCode):
            SecurityLog.event(usedRecoveryCode ? "signed in with a recovery code" : "two-step code accepted", req, account: user.email,
                              level: usedRecoveryCode ? .notice : .info)
            let destination = req.session.data["pending_return"] ?? "/plans"
            try SessionLifetime.signIn(user, on: req)
            return req.redirect(to: usedRecoveryCode ? "/account/two-step?recovery_code_used=1" : destination)
        case .wrong:
            SecurityLog.event("two-step code refused", req, account: user.email, level: .warning)
            message = typed.trimmingCharacters(in: .whitespaces).isEmpty ? "Enter the code from your authenticator app, or a recovery code"
                : "The code is not right. Enter the 6-digit code your app shows now, or a recovery code you have not used"
        case .throttled(let until):
            SecurityLog.event("two-step codes held back: too many wrong", req, account: user.email, level: .warning)
            message = "There have been too many wrong codes. Try again in \(SecondFactorService.minutes(until: until, now: req.application.now()))"
        }
        return Response.html(page(req, errors: [FieldError(field: "code", message: message)]), status: .unprocessableEntity)
    }

    private func expired(_ req: Request) -> Response {
        req.redirect(to: "/sign-in?code_expired=1")
    }

    private func page(_ req: Request, errors: [FieldError]) -> HTML {
        let p = MilestoneUpdateForm.fieldParts("code", hint: "The 6-digit code your app shows for Waymark now. If you cannot use your app, enter one of your recovery codes.", errors: errors)
        return Layout.page("Enter your code", context: req.layoutContext, errors: errors, """
        <h1>Enter the code from your authenticator app</h1>
        <form method="post" action="/sign-in/code" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          <div class="\(p.group)"><label class="label" for="code">Code</label>\(p.error)
          <input class="input input--width-10\(p.errorClass)" id="code" name="code" type="text" autocomplete="one-time-code" spellcheck="false" autocapitalize="none"\(p.describedBy)></div>
          <button type="submit" class="button">Continue</button>
        </form>
        <p>Lost your phone and your recovery codes? Ask an administrator to turn off two-step sign-in for your account.</p>
        """)
    }
}
