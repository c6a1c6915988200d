import FluentSQL

extension Plan {
    /// `Plan.find` in one plain statement, for pages read many times a second.
    ///
    /// Fluent's query builder spends more time assembling `SELECT … WHERE id = ?` than the database
    /// spends answering it; the row is still decoded by Fluent, so the model is the same either way.
    static func read(_ id: Int, on db: any Database) async throws -> Plan? {
        guard let sql = db as? any SQLDatabase else { return try await Plan.find(id, on: db) }
        return try await sql.raw("SELECT * FROM plans WHERE id = \(bind: id)").first()?.decode(fluentModel: Plan.self)
    }
}
