import Fluent
import Foundation

/// A peer attending a session.
final class ReviewSessionPeer: Model, @unchecked Sendable {
    static let schema = "review_session_peers"

    // managed fields
    @ID(custom: "id") var id: Int?

    // relationships
    @Parent(key: "session_id") var session: ReviewSession
    @Parent(key: "peer_id") var peer: PeerMember

    init() {}
}
