import Fluent
import SQLKit

/// Boards, their meetings and agenda items; the Board's decisions on revised deadlines; RAG
/// rating overrides, the rating rules an administrator may edit, and each period's narrative.
struct CreateGovernance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("boards")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("chair", .string, .required)
            .field("members", .string, .required)
            .field("external_representatives", .string, .required)
            .unique(on: "name")
            .create()
        try await database.schema("meetings")
            .field("id", .int, .identifier(auto: true))
            .field("board_id", .int, .required, .references("boards", "id", onDelete: .restrict))
            .field("held_on", .string, .required)
            .field("title", .string, .required)
            .create()
        try await database.schema("agenda_items")
            .field("id", .int, .identifier(auto: true))
            .field("meeting_id", .int, .required, .references("meetings", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("ask", .string, .required)
            .field("plan_id", .int, .references("plans", "id", onDelete: .setNull))
            .field("period_id", .int, .references("reporting_periods", "id", onDelete: .setNull))
            .field("decision", .string)
            .field("minute_reference", .string)
            .create()
        for (name, type) in [("meeting_id", DatabaseSchema.DataType.int), ("decided_on", .string), ("minute_reference", .string), ("decided_by", .string)] {
            try await database.schema("deadline_revisions").field(.string(name), type).update()
        }
        try await database.schema("area_rating_overrides")
            .field("id", .int, .identifier(auto: true))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("area_id", .int, .required, .references("areas", "id", onDelete: .cascade))
            .field("rating", .string, .required)
            .field("justification", .string, .required)
            .field("set_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "period_id", "area_id")
            .create()
        try await database.schema("period_narratives")
            .field("id", .int, .identifier(auto: true))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("area_id", .int, .required, .references("areas", "id", onDelete: .cascade))
            .field("background", .string, .required)
            .field("achievements", .string, .required)
            .field("continuing", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "period_id", "area_id")
            .create()
        try await database.schema("reporting_periods").field("report_author", .string).update()
        try await database.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "agenda_items_meeting").on("agenda_items").column("meeting_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("settings").delete()
        try await database.schema("reporting_periods").deleteField("report_author").update()
        try await database.schema("period_narratives").delete()
        try await database.schema("area_rating_overrides").delete()
        for name in ["decided_by", "minute_reference", "decided_on", "meeting_id"] {
            try await database.schema("deadline_revisions").deleteField(.string(name)).update()
        }
        try await database.schema("agenda_items").delete()
        try await database.schema("meetings").delete()
        try await database.schema("boards").delete()
    }
}
