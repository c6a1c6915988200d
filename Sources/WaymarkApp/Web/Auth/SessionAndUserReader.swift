import FluentSQL
import Vapor

/// Reads a session and its signed-in user in one SQL statement.
///
/// Every signed-in page needs both. Through Fluent that was two queries, each paying for query
/// building and reflection over the model's properties, which profiled as the largest cost of a
/// cached dashboard. Nothing is cached in memory: signing out, or disabling an account, takes effect
/// on the very next request in every process sharing the database. Writes go to the wrapped driver.
struct SessionAndUserReader: SessionDriver {
    let base: any SessionDriver

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        guard let sql = request.db as? any SQLDatabase else { return base.readSession(sessionID, for: request) }
        let userID = SignedInSessions.owner(sql, table: "s")
        let query = sql.raw("""
            SELECT s.data AS session_data, u.* FROM _fluent_sessions s
            LEFT JOIN users u ON u.id = \(unsafeRaw: userID)
            WHERE s.key = \(bind: sessionID.string)
            """)
        return query.first().flatMapThrowing { row -> SessionData? in
            guard let row else { return nil }
            if try !row.decodeNil(column: "id") {
                request.storage[SessionUserKey.self] = try row.decode(fluentModel: User.self)
            }
            return try row.decode(column: "session_data", as: SessionData.self)
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        base.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        base.deleteSession(sessionID, for: request)
    }
}

/// The user row read alongside the session, for `UserSessionMiddleware`.
struct SessionUserKey: StorageKey { typealias Value = User }
