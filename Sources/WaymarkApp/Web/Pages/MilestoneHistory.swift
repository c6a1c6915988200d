import Fluent
import Foundation
import WaymarkCore

/// Everything that has happened to a milestone, newest first: progress updates with their
/// commentary, and every change in the audit trail.
enum MilestoneHistory {
    struct Entry {
        var at: Date?
        var who: String
        var what: String
        var detail: String?
    }

    static func entries(for milestoneID: Int, on db: any Database) async throws -> [Entry] {
        let updates = try await MilestoneUpdate.query(on: db).filter(\.$milestone.$id == milestoneID).with(\.$author).all()
        let audit = try await AuditEvent.query(on: db).filter(\.$entity == "milestone").filter(\.$entityID == milestoneID)
            .filter(\.$action != "milestone.progress_updated").all()
        var entries = updates.map { update -> Entry in
            let status = MilestoneStatus(rawValue: update.statusAfter)?.label ?? update.statusAfter
            var what = "Progress update: \(status)"
            if let done = update.completedDate.flatMap({ CalendarDate(iso: $0) }) { what += ", completed \(done.display)" }
            else if let forecast = update.forecastDate.flatMap({ CalendarDate(iso: $0) }) { what += ", forecast \(forecast.display)" }
            return Entry(at: update.createdAt, who: AuditLog.actor(update.author), what: what, detail: update.commentary)
        }
        let comments = try await MilestoneComment.query(on: db).filter(\.$milestone.$id == milestoneID).with(\.$author).all()
        entries += comments.map { Entry(at: $0.createdAt, who: AuditLog.actor($0.author), what: "Comment", detail: $0.body) }
        entries += audit.map { Entry(at: $0.occurredAt, who: $0.actor, what: $0.summary, detail: changeSummary($0)) }
        return entries.sorted { ($0.at ?? .distantPast) > ($1.at ?? .distantPast) }
    }

    static func changeSummary(_ event: AuditEvent) -> String? {
        guard let before = decode(event.beforeValues), let after = decode(event.afterValues) else { return nil }
        let keys = Set(before.keys).union(after.keys).sorted()
        let lines = keys.compactMap { key -> String? in
            let old = before[key] ?? "", new = after[key] ?? ""
            return old == new ? nil : "\(key.replacingOccurrences(of: "_", with: " ")): \(old.isEmpty ? "(none)" : old) → \(new.isEmpty ? "(none)" : new)"
        }
        return lines.isEmpty ? nil : lines.joined(separator: "; ")
    }

    private static func decode(_ json: String?) -> [String: String]? {
        guard let json else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }

    static func render(_ entries: [Entry]) -> HTML {
        guard !entries.isEmpty else { return "<p>Nothing has been recorded yet.</p>" }
        let items = entries.map { entry -> HTML in
            let when = entry.at.map { MilestoneUpdateForm.timestamp($0) } ?? ""
            return "<li><p><strong>\(entry.what)</strong><br><span class=\"hint\">\(entry.who), \(when)</span></p>\(entry.detail.map { "<p>\($0)</p>" as HTML })</li>"
        }
        return "<ol class=\"history\" reversed>\(items)</ol>"
    }
}
