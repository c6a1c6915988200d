import Fluent
import SQLKit

/// A one-row table that every write transaction updates first, so that on SQLite it holds the
/// write lock before it reads (see `Database.writeTransaction`).
struct CreateWriteGate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("write_gate")
            .field("id", .int, .identifier(auto: false))
            .field("turns", .int64, .required)
            .create()
        try await database.sql.raw("INSERT INTO write_gate (id, turns) VALUES (1, 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("write_gate").delete()
    }
}
