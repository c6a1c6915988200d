import Fluent

/// Each plan's status scheme and RAG thresholds; statuses set by decision on milestones; and, on
/// each closed period, the scheme and thresholds it closed under, so a later change never
/// re-words or re-colours a frozen quarter.
struct AddStatusSchemes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement.
        try await database.schema("plans").field("status_scheme", .string, .required, .sql(.default("standard"))).update()
        try await database.schema("plans").field("rag_green_minimum", .int).update()
        try await database.schema("plans").field("rag_red_above", .int).update()
        try await database.schema("plans").field("settings_version", .int, .required, .sql(.default(0))).update()
        // A scheme an administrator defined is copied onto each plan that uses it, so reading a
        // plan's statuses never needs a second lookup.
        try await database.schema("plans").field("status_scheme_definition", .string).update()
        try await database.schema("status_schemes")
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("definition", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        // A status written in an imported file, kept beside what Waymark works out, never over it.
        for field in ["decided_status", "decided_reason", "decided_on", "decided_by", "reported_status", "reported_on"] {
            try await database.schema("milestones").field(.string(field), .string).update()
        }
        try await database.schema("reporting_periods").field("status_scheme", .string).update()
        try await database.schema("reporting_periods").field("rag_rules", .string).update()
        // Other councils' own references ("2.3", "1.2.3"), kept as written.
        try await database.schema("activities").field("reference", .string).update()
        try await database.schema("milestones").field("reference", .string).update()
        try await database.schema("period_snapshots").field("ref", .string).update()
        try await database.schema("period_snapshots").field("activity_ref", .string).update()
        try await database.schema("period_snapshots").field("scheme_status", .string).update()
        try await database.schema("period_snapshots").field("decided_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("milestones").deleteField("reference").update()
        try await database.schema("activities").deleteField("reference").update()
        for field in ["decided_reason", "scheme_status", "ref", "activity_ref"] { try await database.schema("period_snapshots").deleteField(.string(field)).update() }
        for field in ["rag_rules", "status_scheme"] { try await database.schema("reporting_periods").deleteField(.string(field)).update() }
        for field in ["reported_on", "reported_status", "decided_by", "decided_on", "decided_reason", "decided_status"] {
            try await database.schema("milestones").deleteField(.string(field)).update()
        }
        try await database.schema("status_schemes").delete()
        for field in ["status_scheme_definition", "settings_version", "rag_red_above", "rag_green_minimum", "status_scheme"] { try await database.schema("plans").deleteField(.string(field)).update() }
    }
}
