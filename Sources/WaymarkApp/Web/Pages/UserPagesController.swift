import Fluent
import Vapor
import WaymarkCore

/// Accounts, run by administrators: adding, changing role and lead officer, resetting passwords,
/// disabling and re-enabling. With a mail server, new accounts and resets are sent a one-time
/// sign-in link instead of a password shown on screen.
struct UserPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "users", use: users)
        routes.post("admin", "users", use: createUser)
        routes.get("admin", "users", ":userID", use: user)
        routes.post("admin", "users", ":userID", use: updateUser)
        routes.post("admin", "users", ":userID", "reset-password", use: resetPassword)
        routes.post("admin", "users", ":userID", "disable") { try await setDisabled($0, true) }
        routes.post("admin", "users", ":userID", "enable") { try await setDisabled($0, false) }
    }

    struct NewUser: Content {
        var email: String?
        var display_name: String?
        var role: String?
        var person_id: String?
    }

    func users(req: Request) async throws -> HTML {
        try req.authorize(.manageUsers)
        return try await UserPages.list(req, form: NewUser(), errors: [], notice: nil)
    }

    func createUser(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let form = try req.content.decode(NewUser.self)
        var errors: [FieldError] = []
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let name = (form.display_name ?? "").trimmingCharacters(in: .whitespaces)
        if email.isEmpty || !email.contains("@") { errors.append(.init(field: "email", message: "Enter an email address, like name@council.gov.uk")) }
        if name.isEmpty { errors.append(.init(field: "display_name", message: "Enter the person's name")) }
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil { errors.append(.init(field: "role", message: "Select a role")) }
        let personID = form.person_id.flatMap { Int($0) }
        if role == .leadOfficer && personID == nil { errors.append(.init(field: "person_id", message: "Select the lead officer this account updates milestones for")) }
        if let personID, try await Person.find(personID, on: req.db) == nil { errors.append(.init(field: "person_id", message: "Select a lead officer from the list")) }
        guard errors.isEmpty, let role else {
            return Response.html(try await UserPages.list(req, form: form, errors: errors, notice: nil), status: .unprocessableEntity)
        }
        let service = AccountService(db: req.db, settings: req.application.settings)
        let password = AccountService.randomPassword()
        let result = try await service.createUser(email: email, displayName: name, password: password, role: role,
                                                  personID: role == .leadOfficer ? personID : nil, by: AuditLog.actor(admin))
        guard case .saved(let user) = result else {
            return Response.html(try await UserPages.list(req, form: form, errors: result.errors, notice: nil), status: .unprocessableEntity)
        }
        let notice = try await UserPages.deliverOneTimeAccess(req, to: user, password: password, purpose: .newAccount, by: admin,
                                                              heading: "Account created")
        return Response.html(try await UserPages.list(req, form: NewUser(), errors: [], notice: notice), status: .created)
    }

    func user(req: Request) async throws -> HTML {
        try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        return try await UserPages.detail(req, user: user, form: nil, errors: [], notice: nil)
    }

    func updateUser(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        let form = try req.content.decode(NewUser.self)
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            let errors = [FieldError(field: "role", message: "Select a role")]
            return Response.html(try await UserPages.detail(req, user: user, form: form, errors: errors, notice: nil), status: .unprocessableEntity)
        }
        let result = try await AccountService(db: req.db, settings: req.application.settings).update(userID: try user.requireID(), role: role,
                                                                 personID: form.person_id.flatMap { Int($0) }, by: AuditLog.actor(admin))
        guard case .saved(let saved) = result else {
            return Response.html(try await UserPages.detail(req, user: user, form: form, errors: result.errors, notice: nil), status: .unprocessableEntity)
        }
        let notice = UserPages.banner("Account updated", "\(saved.email) is now \(role == .admin ? "an" : "a") \(role.label.lowercased()).")
        return Response.html(try await UserPages.detail(req, user: saved, form: nil, errors: [], notice: notice), status: .ok)
    }

    func resetPassword(req: Request) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        guard !user.disabled else {
            let errors = [FieldError(field: "reset", message: "Re-enable the account before resetting its password")]
            return Response.html(try await UserPages.detail(req, user: user, form: nil, errors: errors, notice: nil), status: .unprocessableEntity)
        }
        let service = AccountService(db: req.db, settings: req.application.settings)
        let notice: HTML
        if req.application.signInLinkMail != nil {
            notice = try await UserPages.deliverOneTimeAccess(req, to: user, password: nil, purpose: .reset, by: admin, heading: "Password reset")
        } else {
            let (reset, password) = try await service.resetPassword(userID: try user.requireID(), by: AuditLog.actor(admin))
            notice = try await UserPages.deliverOneTimeAccess(req, to: reset, password: password, purpose: .reset, by: admin, heading: "Password reset")
        }
        let fresh = try await AccountService.existingUser(try user.requireID(), on: req.db)
        return Response.html(try await UserPages.detail(req, user: fresh, form: nil, errors: [], notice: notice), status: .ok)
    }

    func setDisabled(_ req: Request, _ disabled: Bool) async throws -> Response {
        let admin = try req.authorize(.manageUsers)
        let user = try await req.find(User.self, "userID")
        let result = try await AccountService(db: req.db, settings: req.application.settings).setDisabled(userID: try user.requireID(), disabled, by: AuditLog.actor(admin))
        guard case .saved(let saved) = result else {
            return Response.html(try await UserPages.detail(req, user: user, form: nil, errors: result.errors, notice: nil), status: .unprocessableEntity)
        }
        let notice = disabled
            ? UserPages.banner("Account disabled", "\(saved.email) can no longer sign in. Their sessions and API tokens have been revoked.")
            : UserPages.banner("Account re-enabled", "\(saved.email) can sign in again with their password. Earlier sessions and API tokens stay revoked.")
        return Response.html(try await UserPages.detail(req, user: saved, form: nil, errors: [], notice: notice), status: .ok)
    }
}
