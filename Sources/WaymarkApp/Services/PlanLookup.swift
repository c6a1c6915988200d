import Fluent
import Foundation

/// Finds a plan from what a user typed: its id ("1") or its title, in any case.
enum PlanLookup {
    static func find(_ reference: String, on db: any Database, required: Bool = true) async throws -> Plan? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int(trimmed), let plan = try await Plan.find(id, on: db) { return plan }
        let plans = try await Plan.query(on: db).sort(\.$id).all()
        if let plan = plans.first(where: { $0.title.lowercased() == trimmed.lowercased() }) { return plan }
        guard required else { return nil }
        let known = plans.isEmpty
            ? "there are no plans yet; import one with `waymark import FILE`"
            : "the plans are: " + plans.map { "\($0.id ?? 0) \"\($0.title)\"" }.joined(separator: ", ")
        throw WriteRefusal.notFound(saying: "no plan \"\(trimmed)\"; \(known)")
    }

    static func require(_ reference: String, on db: any Database) async throws -> Plan {
        try await find(reference, on: db, required: true)!
    }
}
