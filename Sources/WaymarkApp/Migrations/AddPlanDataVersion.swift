import Fluent
import SQLKit

/// Every write to a plan bumps its data version inside the write's transaction, so cached
/// figures are reused exactly until something changes, in every server process.
struct AddPlanDataVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plans")
            .field("data_version", .int, .required, .sql(.default(0)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plans").deleteField("data_version").update()
    }
}
