import Fluent
import SQLKit

/// A plan that is ending hands its open milestones to a successor: the new plan names the one it
/// continues, the old one keeps the day it closed and its figures as they stood then, and each
/// carried milestone names its origin, whose page keeps the history from before.
struct AddSuccessorPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one column per ALTER TABLE.
        try await database.schema("plans").field("successor_of", .int, .references("plans", "id")).update()
        try await database.schema("plans").field("closed_on", .string).update()
        try await database.schema("plans").field("final_figures", .string).update()
        try await database.schema("milestones").field("carried_from", .int, .references("milestones", "id")).update()
        // A plan has at most one successor, whatever the requests racing to make one believe.
        try await database.sql.create(index: "plans_successor_of").unique().on("plans").column("successor_of").run()
        try await database.sql.create(index: "milestones_carried_from").on("milestones").column("carried_from").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "milestones_carried_from").run()
        try await database.sql.drop(index: "plans_successor_of").run()
        try await database.schema("milestones").deleteField("carried_from").update()
        for field: FieldKey in ["final_figures", "closed_on", "successor_of"] { try await database.schema("plans").deleteField(field).update() }
    }
}
