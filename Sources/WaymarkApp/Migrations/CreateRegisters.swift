import Fluent
import SQLKit

/// Registers of cases kept beside a plan (allegations, complaints, audit recommendations): their
/// stages, their items, every move of an item with its date, and the counts frozen with a period.
struct CreateRegisters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("registers")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("area_id", .int, .references("areas", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "plan_id", "name")
            .create()
        try await database.schema("register_stages")
            .field("id", .int, .identifier(auto: true))
            .field("register_id", .int, .required, .references("registers", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("closes", .bool, .required)
            .unique(on: "register_id", "position")
            .create()
        try await database.schema("register_items")
            .field("id", .int, .identifier(auto: true))
            .field("register_id", .int, .required, .references("registers", "id", onDelete: .cascade))
            .field("reference", .string, .required)
            .field("title", .string, .required)
            .field("received_on", .string, .required)
            .field("stage_id", .int, .required, .references("register_stages", "id", onDelete: .restrict))
            .field("owner_id", .int, .references("people", "id", onDelete: .setNull))
            .field("confidential_notes", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "register_id", "reference")
            .create()
        try await database.schema("register_moves")
            .field("id", .int, .identifier(auto: true))
            .field("item_id", .int, .required, .references("register_items", "id", onDelete: .cascade))
            .field("from_stage_id", .int, .references("register_stages", "id", onDelete: .restrict))
            .field("to_stage_id", .int, .required, .references("register_stages", "id", onDelete: .restrict))
            .field("moved_on", .string, .required)
            .field("moved_by", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("register_summaries")
            .field("id", .int, .identifier(auto: true))
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .restrict))
            .field("closing", .int, .required)
            .field("register_id", .int, .required)
            .field("content", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "register_moves_item").on("register_moves").column("item_id").run()
        try await sql.create(index: "register_summaries_period").on("register_summaries").column("period_id").column("closing").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["register_summaries", "register_moves", "register_items", "register_stages", "registers"] {
            try await database.schema(table).delete()
        }
    }
}
