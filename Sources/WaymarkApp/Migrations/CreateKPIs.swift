import Fluent
import SQLKit

/// Measurable outcomes: each KPI of a plan (optionally of one area), its values, targets and
/// tolerances per period, and its benchmarks. Numbers are kept as the exact decimal text they were
/// written as, since SQLite has no decimal type.
struct CreateKPIs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("kpis")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("plans", "id", onDelete: .cascade))
            .field("area_id", .int, .references("areas", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("description", .string)
            .field("unit", .string, .required)
            .field("polarity", .string, .required)
            .field("frequency", .string, .required)
            .field("roll_up", .string, .required)
            .field("owner_id", .int, .references("people", "id", onDelete: .setNull))
            .field("data_source", .string)
            .field("tolerance", .string, .required)
            .field("band", .string, .required)
            .field("published", .bool, .required)
            .field("version", .int, .required)
            .unique(on: "plan_id", "name_key")
            .create()
        try await database.schema("kpi_values")
            .field("id", .int, .identifier(auto: true))
            .field("kpi_id", .int, .required, .references("kpis", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("value", .string)
            .field("target", .string)
            .field("tolerance", .string)
            .field("commentary", .string, .required)
            .field("provisional", .bool, .required)
            .field("signed_off_by", .string)
            .field("signed_off_at", .double)
            // The polarity, target, tolerance and band in force when the period closed, so a later
            // change never re-colours history.
            .field("frozen", .string)
            .field("version", .int, .required)
            .unique(on: "kpi_id", "period")
            .create()
        try await database.schema("kpi_benchmarks")
            .field("id", .int, .identifier(auto: true))
            .field("kpi_id", .int, .required, .references("kpis", "id", onDelete: .cascade))
            .field("source", .string, .required)
            .field("value", .string, .required)
            .field("as_of", .string)
            .unique(on: "kpi_id", "source")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("kpi_benchmarks").delete()
        try await database.schema("kpi_values").delete()
        try await database.schema("kpis").delete()
    }
}
