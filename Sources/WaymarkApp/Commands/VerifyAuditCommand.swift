import Foundation
import SQLKit
import Vapor
import WaymarkCore

/// `waymark verify-audit`: walks the audit trail's hash chain. Exits with 1, naming the first
/// record that fails, when any record was changed, removed or inserted after it was written.
struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks that no audit record has been changed, removed or inserted since it was written." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let verdict = try await AuditChain.verify(on: context.application.db.sql)
        if let broken = verdict.broken {
            let before = verdict.records - 1
            throw CommandFailure("The audit trail has been tampered with at record #\(broken.id): \(broken.reason)."
                + (before == 0 ? "" : before == 1 ? " The record before it checks." : " The \(before) records before it check."))
        }
        guard let first = verdict.first, let last = verdict.last else {
            context.console.print("The audit trail is empty.")
            return
        }
        context.console.print("""
            The audit trail is whole: \(verdict.records) records, #\(first.id) (\(Self.when(first))) to #\(last.id) (\(Self.when(last))).
            The last record's hash is \(last.hash ?? ""). Note it, with the count, somewhere outside Waymark: a later
            check that finds this record with this hash shows nothing was removed from the end since.
            """)
    }

    static func when(_ record: AuditChain.Record) -> String {
        record.occurred_at.map { ISO8601DateFormatter().string(from: $0) } ?? "no time recorded"
    }
}
