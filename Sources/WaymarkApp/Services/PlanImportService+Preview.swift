import Fluent
import Foundation
import WaymarkCore

extension PlanImportService {
    /// What an import would do, worked out by doing it and rolling it back, so the preview can
    /// never disagree with the real thing.
    struct Preview: Sendable {
        var outcome: Outcome
        /// One line per changed milestone or activity: "Milestone "X" changed by import (line 4): deadline: May-17 → Jun-17".
        var changes: [String]
    }

    private struct RollBack: Error {
        let preview: Preview
    }

    func preview(_ document: PlanDocument, planReference: String?, fileName: String) async throws -> Preview {
        do {
            try await db.writeTransaction { tx in
                let last = try await AuditEvent.query(on: tx).max(\.$id) ?? 0
                let outcome = try await PlanImportService(db: tx, actor: actor, scheme: scheme, reportedOn: reportedOn)
                    .write(document, planReference: planReference, fileName: fileName, progress: nil)
                let events = try await AuditEvent.query(on: tx).filter(\.$id > last).filter(\.$action ~~ ["milestone.updated", "activity.updated"])
                    .sort(\.$id).all()
                let changes = events.map { event in event.summary + (MilestoneHistory.changeSummary(event).map { ": " + $0 } ?? "") }
                throw RollBack(preview: Preview(outcome: outcome, changes: changes))
            }
        } catch let rollBack as RollBack {
            return rollBack.preview
        }
        throw UnexpectedDatabaseAnswer("the import preview did not roll back")
    }
}
