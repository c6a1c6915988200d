import Fluent
import Vapor

/// Wraps a session driver so a session is written back only when its data changed.
///
/// Vapor's sessions middleware saves the session on every response once a handler has looked
/// at it. With sessions in the database that is an UPDATE and a commit per page view; almost all
/// page views read the session without changing it.
struct ChangedSessionsOnly: SessionDriver {
    let base: any SessionDriver

    private struct AsRead: StorageKey { typealias Value = SessionData }

    /// A session with nothing in it is not stored: a visitor who has not signed in (or who sends
    /// an unknown session cookie) must not add a row per request.
    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if data.snapshot.isEmpty { return request.eventLoop.makeSucceededFuture(SessionID(string: "")) }
        return request.eventLoop.makeFutureWithTask {
            let id = SessionID(string: Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
            // Session writes take their turn with every other write (`writeTransaction`).
            try await request.db.writeTransaction { tx in try await SessionRecord(key: id, data: data).create(on: tx) }
            return id
        }
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        if sessionID.string.isEmpty { return request.eventLoop.makeSucceededFuture(nil) }
        return base.readSession(sessionID, for: request).map { data in
            if let data { request.storage[AsRead.self] = data }
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[AsRead.self] == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return request.eventLoop.makeFutureWithTask {
            try await request.db.writeTransaction { tx in
                try await SessionRecord.query(on: tx).filter(\.$key == sessionID).set(\.$data, to: data).update()
            }
            return sessionID
        }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeFutureWithTask {
            try await request.db.writeTransaction { tx in try await SessionRecord.query(on: tx).filter(\.$key == sessionID).delete() }
        }
    }
}
