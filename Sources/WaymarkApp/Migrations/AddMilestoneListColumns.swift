import Fluent
import SQLKit

/// Derived columns that let a milestone list be filtered, ordered and paged in the database:
/// each milestone's status code as of the day in `status_on`, and its place in the plan's order.
/// They are worked out by `MilestoneStatusIndex` from the rules in WaymarkCore, never by SQL.
/// A plan's statuses are current when `statuses_done` has caught up with `statuses_wanted`
/// (every write that may change a status moves `statuses_wanted` on) and `statuses_on` is today.
struct AddMilestoneListColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        for (name, type) in [("status_code", DatabaseSchema.DataType.string), ("status_on", .string), ("list_rank", .int64)] {
            try await database.schema("milestones").field(FieldKey(stringLiteral: name), type).update()
        }
        try await database.schema("plans").field("statuses_on", .string).update()
        try await database.schema("plans").field("statuses_wanted", .int64, .required, .sql(.default(1))).update()
        try await database.schema("plans").field("statuses_done", .int64, .required, .sql(.default(0))).update()
        let sql = database.sql
        try await sql.create(index: "milestones_list_order").on("milestones").column("plan_id").column("list_rank").column("id").run()
        try await sql.create(index: "milestones_list_status").on("milestones").column("plan_id").column("status_code").column("list_rank").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "milestones_list_status").run()
        try await sql.drop(index: "milestones_list_order").run()
        for field in ["statuses_done", "statuses_wanted", "statuses_on"] { try await database.schema("plans").deleteField(.init(stringLiteral: field)).update() }
        for field in ["list_rank", "status_on", "status_code"] { try await database.schema("milestones").deleteField(.init(stringLiteral: field)).update() }
    }
}
