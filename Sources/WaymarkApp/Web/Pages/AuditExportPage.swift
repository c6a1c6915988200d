import Foundation
import SQLKit
import Vapor
import WaymarkCore

/// Administrators export the audit trail for a date range as CSV, for an assurance team or an
/// auditor to read in a spreadsheet. Each row carries its chain hashes, so the export can be
/// matched against `waymark verify-audit`'s figures.
struct AuditExportPage {
    static let headers = ["Record", "When (UTC)", "Who", "Action", "What", "Entity", "Entity id", "Plan id", "Before", "After",
                          "Previous hash", "Hash"]

    static func handle(_ req: Request) async throws -> Response {
        try req.authorize(.exportAudit)
        let fromText = (req.query[String.self, at: "from"] ?? "").trimmingCharacters(in: .whitespaces)
        let toText = (req.query[String.self, at: "to"] ?? "").trimmingCharacters(in: .whitespaces)
        guard req.query[String.self, at: "from"] != nil || req.query[String.self, at: "to"] != nil else {
            return Response.html(page(req, from: "", to: "", errors: []), status: .ok)
        }
        var errors: [FieldError] = []
        let from = CalendarDate(iso: fromText), to = CalendarDate(iso: toText)
        if from == nil { errors.append(.init(field: "from", message: fromText.isEmpty ? "Enter the first day to export" : "Enter the first day as a date, for example 2017-10-01")) }
        if to == nil { errors.append(.init(field: "to", message: toText.isEmpty ? "Enter the last day to export" : "Enter the last day as a date, for example 2017-12-31")) }
        if let from, let to, to < from { errors.append(.init(field: "to", message: "The last day must be the same as or after the first day")) }
        guard errors.isEmpty, let from, let to else {
            return Response.html(page(req, from: fromText, to: toText, errors: errors), status: .unprocessableEntity)
        }
        let start = AsOf.start(of: from), end = AsOf.end(of: to)
        let records = try await req.db.sql.raw("""
            SELECT id, occurred_at, actor, action, entity, entity_id, plan_id, summary, before_values, after_values, previous_hash, hash
            FROM audit_events WHERE occurred_at >= \(bind: start) AND occurred_at <= \(bind: end) ORDER BY id
            """).all(decoding: AuditChain.Record.self)
        let stamp = ISO8601DateFormatter()
        let rows = records.map { r -> [String] in
            [String(r.id), r.occurred_at.map(stamp.string) ?? "", r.actor, r.action, r.summary, r.entity, r.entity_id.map(String.init) ?? "",
             r.plan_id.map(String.init) ?? "", r.before_values ?? "", r.after_values ?? "", r.previous_hash ?? "", r.hash ?? ""]
        }
        let csv = OutputFormat.csv(headers: headers, rows: rows, numberColumns: [0, 6, 7])
        // Who took a copy of the trail, and of which days, is itself part of the trail.
        let actor = AuditLog.actor(try req.requireUser())
        try await req.db.writeTransaction { tx in
            try await AuditLog.record(.init(actor: actor, action: "audit.exported", entity: "audit",
                                            summary: "Exported \(Plural.count(records.count, "audit record")) from \(from.iso) to \(to.iso)"), on: tx)
        }
        return .download(Array(csv.utf8), type: "text/csv; charset=utf-8", name: "waymark-audit-\(from.iso)-to-\(to.iso).csv")
    }

    static func page(_ req: Request, from: String, to: String, errors: [FieldError]) -> HTML {
        func field(_ name: String, _ label: String, _ value: String) -> HTML {
            let p = MilestoneUpdateForm.fieldParts(name, hint: "For example, 2017-10-01", errors: errors)
            return "<div class=\"\(p.group)\"><label class=\"label\" for=\"\(name)\">\(label)</label>\(p.error)<input class=\"input input--width-10\(p.errorClass)\" id=\"\(name)\" name=\"\(name)\" type=\"date\" value=\"\(value)\"\(p.describedBy)></div>"
        }
        return Layout.page("Export the audit trail", context: req.layoutContext, errors: errors, """
        \(Layout.breadcrumbs([("/admin/audit", "Audit trail")]))
        <h1>Export the audit trail</h1>
        <p>Every audit record written on the days you choose, both days included, as a CSV file for a spreadsheet. Times are in UTC.</p>
        <p>Each record carries the hash of its content and of the record before it. <code>waymark verify-audit</code> checks that no record has been changed, removed or inserted since it was written.</p>
        <form method="get" action="/admin/audit/export" novalidate>
          \(field("from", "First day", from))
          \(field("to", "Last day", to))
          <button class="button" type="submit">Download CSV</button>
        </form>
        """)
    }
}
