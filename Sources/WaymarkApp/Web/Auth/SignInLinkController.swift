import Fluent
import Vapor
import WaymarkCore

/// "Forgotten your password?" and the one-time sign-in links sent by email. Offered only when
/// Waymark can send email (`Application.signInLinkMail`).
struct SignInLinkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("forgotten-password", use: forgottenForm)
        routes.post("forgotten-password", use: forgotten)
        routes.get("sign-in", "link", ":token", use: linkForm)
        routes.post("sign-in", "link", ":token", use: redeem)
    }

    func forgottenForm(req: Request) async throws -> HTML {
        guard req.application.signInLinkMail != nil else { throw Abort(.notFound) }
        return forgottenPage(req, email: "", errors: [], sent: false)
    }

    /// Answers the same whether or not the address has an account, and sends in the background,
    /// so neither the words nor the time taken tell a visitor which addresses exist.
    func forgotten(req: Request) async throws -> Response {
        guard let mail = req.application.signInLinkMail else { throw Abort(.notFound) }
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard email.contains("@") || email == "admin" else {
            let errors = [FieldError(field: "email", message: "Enter your email address, like name@council.gov.uk")]
            return Response.html(forgottenPage(req, email: email, errors: errors, sent: false), status: .unprocessableEntity)
        }
        let db = req.application.db, logger = req.logger, settings = req.application.settings
        Task {
            do {
                guard let user = try await User.query(on: db).filter(\.$email == email).first(), !user.disabled else { return }
                // At most three a day to one address, so the page cannot be used to flood a mailbox.
                let recent = try await SignInLink.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$purpose == .forgotten)
                    .filter(\.$createdAt > Date().addingTimeInterval(-24 * 3600)).count()
                guard recent < 3 else { return }
                let token = try await AccountService(db: db, settings: settings).issueSignInLink(for: try user.requireID(), purpose: .forgotten, by: "forgotten password page")
                try await mail.send(SignInLinkMail.message(to: user, token: token, purpose: .forgotten, publicURL: mail.publicURL))
            } catch {
                logger.error("forgotten password: could not send a sign-in link: \(error)")
            }
        }
        return Response.html(forgottenPage(req, email: email, errors: [], sent: true), status: .ok)
    }

    func linkForm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let user = try await AccountService(db: req.db, settings: req.application.settings).signInLinkUser(token: token) else { return unusable(req) }
        return Response.html(linkPage(req, user: user, token: token, errors: []), status: .ok)
    }

    func redeem(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let service = AccountService(db: req.db, settings: req.application.settings)
        let result: WriteResult<User>
        do {
            result = try await service.redeemSignInLink(token: token, password: (try? req.content.get(String.self, at: "new_password")) ?? "",
                                                        confirmation: (try? req.content.get(String.self, at: "confirm_password")) ?? "")
        } catch let refused as WriteRefusal where refused.kind == .notFound {
            return unusable(req)
        }
        guard case .saved(let user) = result else {
            guard let user = try await service.signInLinkUser(token: token) else { return unusable(req) }
            return Response.html(linkPage(req, user: user, token: token, errors: result.errors), status: .unprocessableEntity)
        }
        return try await SecondStepController.proceed(user, req, to: "/account?changed=1")
    }

    private func unusable(_ req: Request) -> Response {
        let forgotten: HTML = req.application.signInLinkMail == nil ? "" : " or <a href=\"/forgotten-password\">ask for a new link</a>"
        return Response.html(Layout.page("This link cannot be used", context: req.layoutContext, """
        <h1>This link cannot be used</h1>
        <p>It has expired, it has already been used, or a newer link has been sent since. Links work once, within 24 hours.</p>
        <p><a href="/sign-in">Sign in</a>\(forgotten), or ask an administrator to reset your password.</p>
        """), status: .gone)
    }

    private func linkPage(_ req: Request, user: User, token: String, errors: [FieldError]) -> HTML {
        Layout.page("Choose your password", context: req.layoutContext, errors: errors, """
        <h1>Choose your password</h1>
        <p>For \(user.email). This link works once.</p>
        <form method="post" action="/sign-in/link/\(token)" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          <input type="hidden" name="username" autocomplete="username" value="\(user.email)">
          \(AccountPagesController.newPasswordFields(errors))
          <button class="button" type="submit">Save password and sign in</button>
        </form>
        """)
    }

    private func forgottenPage(_ req: Request, email: String, errors: [FieldError], sent: Bool) -> HTML {
        if sent {
            return Layout.page("Check your email", context: req.layoutContext, """
            <h1>Check your email</h1>
            <p>If \(email) has a Waymark account, we have sent it a link to choose a new password. The link works once, within 24 hours.</p>
            <p><a href="/sign-in">Back to sign in</a></p>
            """)
        }
        return Layout.page("Forgotten your password?", context: req.layoutContext, errors: errors, """
        <h1>Forgotten your password?</h1>
        <p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
        <form method="post" action="/forgotten-password" novalidate>
          \(Layout.csrfField(CSRF.token(for: req)))
          \(UserPages.textInput("email", "Email address", value: email, type: "email", autocomplete: "username", errors: errors))
          <button class="button" type="submit">Send the link</button>
        </form>
        """)
    }
}
