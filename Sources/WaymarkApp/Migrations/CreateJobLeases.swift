import Fluent

/// Who holds each background job for now. Every server schedules the hourly checks; the one
/// whose conditional update takes the lease runs them, and the others leave them be until it
/// runs out, so several servers on one database send each reminder run once. And when each job
/// last finished (a backup, the hourly checks), for `/metrics`, whichever process ran it.
struct CreateJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .double, .required)
            .create()
        try await database.schema("job_runs")
            .field("name", .string, .identifier(auto: false))
            .field("finished_at", .double, .required)
            .field("detail", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_runs").delete()
        try await database.schema("job_leases").delete()
    }
}
