import Fluent

/// The on-site visit's schedule: rooms, interviewees, and sessions with the peers and
/// interviewees in each.
struct CreateReviewSchedule: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_rooms")
            .field("id", .int, .identifier(auto: true))
            .field("review_id", .int, .required, .references("reviews", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .unique(on: "review_id", "name")
            .create()
        try await database.schema("review_interviewees")
            .field("id", .int, .identifier(auto: true))
            .field("review_id", .int, .required, .references("reviews", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("briefed_on", .string)
            .create()
        try await database.schema("review_sessions")
            .field("id", .int, .identifier(auto: true))
            .field("review_id", .int, .required, .references("reviews", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("starts", .int, .required)
            .field("ends", .int, .required)
            .field("room_id", .int, .required, .references("review_rooms", "id", onDelete: .restrict))
            .field("title", .string, .required)
            .field("theme_id", .int, .references("review_themes", "id", onDelete: .setNull))
            .create()
        try await database.schema("review_session_peers")
            .field("id", .int, .identifier(auto: true))
            .field("session_id", .int, .required, .references("review_sessions", "id", onDelete: .cascade))
            .field("peer_id", .int, .required, .references("peer_members", "id", onDelete: .cascade))
            .unique(on: "session_id", "peer_id")
            .create()
        try await database.schema("review_session_interviewees")
            .field("id", .int, .identifier(auto: true))
            .field("session_id", .int, .required, .references("review_sessions", "id", onDelete: .cascade))
            .field("interviewee_id", .int, .required, .references("review_interviewees", "id", onDelete: .cascade))
            .unique(on: "session_id", "interviewee_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["review_session_interviewees", "review_session_peers", "review_sessions", "review_interviewees", "review_rooms"] {
            try await database.schema(table).delete()
        }
    }
}
