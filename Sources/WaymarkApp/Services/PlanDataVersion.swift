import Fluent
import SQLKit

/// Marks a plan as changed. Every service that writes to a plan calls this in its transaction.
enum PlanDataVersion {
    static func bump(_ planID: Int, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("UPDATE plans SET data_version = data_version + 1 WHERE id = \(bind: planID)").run()
    }

    /// For changes that alter every plan's figures, such as the rating rules.
    static func bumpAll(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("UPDATE plans SET data_version = data_version + 1").run()
    }
}
