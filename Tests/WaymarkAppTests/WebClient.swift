import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// A minimal browser for HTTP tests: keeps the session cookie and the CSRF token of the last page.
struct WebClient {
    let tester: any TestingApplicationTester
    /// Every cookie the server has set and not expired, by name, as a browser keeps them.
    var cookies: [String: String] = [:]
    var csrf: String?

    var cookie: String? {
        cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    init(_ app: Application) throws {
        tester = try app.testing()
    }

    mutating func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        let response = try await tester.sendRequest(.GET, path, headers: headers)
        remember(response)
        return response
    }

    /// Posts a form, adding the CSRF token unless `withCSRF` is false or the form sets one.
    mutating func post(_ path: String, _ form: [String: String], withCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if withCSRF, fields["csrf_token"] == nil, let csrf { fields["csrf_token"] = csrf }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        let body = fields.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let response = try await tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    mutating func signIn(_ email: String, _ password: String) async throws {
        _ = try await get("/sign-in")
        let response = try await post("/sign-in", ["email": email, "password": password])
        #expect(response.status == .seeOther, "sign in as \(email): \(response.status)")
        _ = try await get("/plans")
    }

    private mutating func remember(_ response: TestingHTTPResponse) {
        for setCookie in response.headers[.setCookie] {
            guard let pair = setCookie.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            let expired = setCookie.lowercased().contains("max-age=0") || setCookie.contains("Expires=Thu, 01 Jan 1970")
            if value.isEmpty || expired { cookies[name] = nil } else { cookies[name] = value }
        }
        let body = response.body.string
        if let range = body.range(of: "name=\"csrf_token\" value=\"") {
            let rest = body[range.upperBound...]
            csrf = String(rest.prefix(while: { $0 != "\"" }))
        }
    }
}

/// Accounts for each role, made quickly (a low bcrypt cost) on a plan imported from the seed.
struct TestAccounts {
    static let password = "correct horse battery staple"
    var ids: [Role: Int] = [:]
    /// Lucy Marsh, who leads (alone or jointly) many Elections milestones.
    var leadPersonID: Int

    static func make(_ app: Application) async throws -> TestAccounts {
        let service = AccountService(db: app.db, bcryptCost: 4)
        var found = try await Person.query(on: app.db).filter(\.$nameKey == "lucy marsh").first()
        if found == nil {
            found = Person(name: "Lucy Marsh", nameKey: "lucy marsh")
            try await found!.create(on: app.db)
        }
        let lucy = try #require(found)
        var accounts = TestAccounts(leadPersonID: try lucy.requireID())
        for role in Role.councilRoles {
            let user = try #require(try await service.createUser(email: "\(role.rawValue)@council.test", displayName: role.label, password: password,
                                                                 role: role, personID: role == .leadOfficer ? accounts.leadPersonID : nil,
                                                                 oneTime: false, by: "test").savedValue)
            accounts.ids[role] = try user.requireID()
        }
        return accounts
    }

    static func email(_ role: Role) -> String { "\(role.rawValue)@council.test" }
}

/// Milestones of the seed plan: one Lucy Marsh leads, and one she does not.
func seedMilestones(_ app: Application) async throws -> (hers: Milestone, notHers: Milestone) {
    let hers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Test the electoral register audit").first())
    let notHers = try #require(try await Milestone.query(on: app.db).filter(\.$title == "Set up the new intranet").first())
    return (hers, notHers)
}

/// Headers for the JSON API as a script sends them: a new token of the account with `role`.
func apiHeaders(_ app: Application, _ accounts: TestAccounts, _ role: Role) async throws -> HTTPHeaders {
    let user = try #require(try await User.find(accounts.ids[role], on: app.db))
    var headers = HTTPHeaders()
    headers.bearerAuthorization = .init(token: try await APITokenService(db: app.db).create(for: user, name: "test script", by: "test"))
    headers.contentType = .json
    return headers
}
