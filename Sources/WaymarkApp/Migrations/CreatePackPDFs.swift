import Fluent

/// Closed periods' Board packs as PDF, one per period and closing, so a frozen pack is printed
/// by Chromium once, not on every download (see `PackPDFStore`).
struct CreatePackPDFs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pack_pdfs")
            .field("period_id", .int, .required, .references("reporting_periods", "id", onDelete: .cascade))
            .field("closing", .int, .required)
            .field("fingerprint", .string, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "period_id", "closing")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pack_pdfs").delete()
    }
}
