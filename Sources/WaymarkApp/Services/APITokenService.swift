import Crypto
import Fluent
import Foundation
import Vapor
import WaymarkCore

/// Creates, checks and revokes personal API tokens. A token carries its user's role.
struct APITokenService {
    let db: any Database

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexEncoded
    }

    /// Returns the token itself, which is never stored and cannot be shown again.
    func create(for user: User, name: String, by actor: String) async throws -> String {
        let token = "wmk_" + (0..<32).map { _ in UInt8.random(in: 0...255) }.hexEncoded
        let record = APIToken()
        record.$user.id = try user.requireID()
        record.name = name
        record.tokenHash = Self.digest(token)
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(.init(actor: actor, action: "api_token.created", entity: "api_token", entityID: record.id, planID: nil,
                                            summary: "Created the API token \"\(name)\" for \(user.email)"), on: tx)
        }
        return token
    }

    /// The token's user, read in one query, since every API request asks.
    func user(forToken token: String) async throws -> User? {
        guard let row = try await db.sql.firstRow("""
            SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: Self.digest(token)) AND t.revoked_at IS NULL
            """) else { return nil }
        let user = try row.decode(fluentModel: User.self)
        return user.disabled ? nil : user
    }

    func revoke(_ id: Int, of user: User, by actor: String) async throws {
        guard let record = try await APIToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw Abort(.notFound, reason: "There is no such token.")
        }
        record.revokedAt = Date()
        try await db.writeTransaction { tx in
            try await record.save(on: tx)
            try await AuditLog.record(.init(actor: actor, action: "api_token.revoked", entity: "api_token", entityID: id, planID: nil,
                                            summary: "Revoked the API token \"\(record.name)\" of \(user.email)"), on: tx)
        }
    }
}

/// `Authorization: Bearer wmk_…` signs a script in as the token's user, for /api only.
struct APITokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/") else { return try await next.respond(to: request) }
        if let bearer = request.headers.bearerAuthorization {
            guard let user = try await APITokenService(db: request.db).user(forToken: bearer.token) else {
                throw APIError(status: .unauthorized, code: "invalid_token", message: "The API token is not valid or has been revoked")
            }
            request.storage[CurrentUserKey.self] = user
        } else if request.method != .GET && request.method != .HEAD {
            // The API takes no CSRF tokens, so a session cookie alone must never be enough to write.
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "Writes through the API need an API token: Authorization: Bearer …")
        }
        return try await next.respond(to: request)
    }
}
