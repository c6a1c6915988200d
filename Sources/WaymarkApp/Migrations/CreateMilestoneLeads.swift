import Fluent
import SQLKit

struct CreateMilestoneLeads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("milestone_leads")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .restrict))
            .field("position", .int, .required)
            .unique(on: "milestone_id", "person_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "milestone_leads_person").on("milestone_leads").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("milestone_leads").delete()
    }
}
