import Fluent
import Foundation

/// What every write in the services gives back. A refusal (forbidden, not found, withdrawn) is
/// thrown as `WriteRefusal` instead; a stale version is never a refusal but `.conflict`.
enum WriteResult<Value> {
    case saved(Value)
    /// What to fix, field by field; nothing was written.
    case invalid([FieldError])
    /// Someone else's change got there first; nothing was written.
    case conflict(changedBy: String, at: Date?, version: Int)

    /// The problems to show beside the form: none when saved or in conflict.
    var errors: [FieldError] {
        if case .invalid(let errors) = self { return errors }
        return []
    }

    var savedValue: Value? {
        if case .saved(let value) = self { return value }
        return nil
    }

    static func invalid(_ field: String, _ message: String) -> Self { .invalid([FieldError(field: field, message: message)]) }
}

extension WriteResult: Sendable where Value: Sendable {}

extension WriteResult where Value == Void {
    static var saved: Self { .saved(()) }
}

extension WriteResult {
    /// A stale version: someone else's change got there first. Who and when come from the audit
    /// trail's latest record of the thing, so the page can say so.
    static func staleVersion(entity: String, id: Int?, version: Int, on db: any Database) async throws -> Self {
        let last = try await AuditEvent.query(on: db).filter(\.$entity == entity).filter(\.$entityID == id).sort(\.$id, .descending).first()
        return .conflict(changedBy: last?.actor ?? "someone else", at: last?.occurredAt, version: version)
    }
}
