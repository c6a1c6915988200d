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

    /// `progressOnly`: the progress updates alone, for an external reviewer, who reads the
    /// plan's progress but not the audit trail or the council's internal comments.
    static func entries(for milestoneID: Int, progressOnly: Bool = false, on db: any Database) async throws -> [Entry] {
        let updates = try await MilestoneUpdate.query(on: db).filter(\.$milestone.$id == milestoneID).with(\.$author).all()
        if progressOnly {
            return updates.map { progressEntry($0) }.sorted { ($0.at ?? .distantPast) > ($1.at ?? .distantPast) }
        }
        let audit = try await AuditEvent.query(on: db).filter(\.$entity == "milestone").filter(\.$entityID == milestoneID)
            .filter(\.$action != "milestone.progress_updated").all()
        var entries = updates.map { progressEntry($0) }
        let comments = try await MilestoneComment.query(on: db).filter(\.$milestone.$id == milestoneID).with(\.$author).all()
        entries += comments.map { Entry(at: $0.createdAt, who: AuditLog.actor($0.author), what: "Comment", detail: $0.body) }
        let names = audit.isEmpty ? AuditNames() : try await AuditNames.load(on: db)
        entries += audit.map { Entry(at: $0.occurredAt, who: $0.actor, what: AuditWords.readable($0.summary), detail: changeSummary($0, names: names)) }
        return entries.sorted { ($0.at ?? .distantPast) > ($1.at ?? .distantPast) }
    }

    private static func progressEntry(_ update: MilestoneUpdate) -> Entry {
        let status = MilestoneStatus(rawValue: update.statusAfter)?.label ?? update.statusAfter
        var what = "Progress update: \(status)"
        if let done = update.completedDate.flatMap({ CalendarDate(iso: $0) }) { what += ", completed \(done.display)" }
        else if let forecast = update.forecastDate.flatMap({ CalendarDate(iso: $0) }) { what += ", forecast \(forecast.display)" }
        return Entry(at: update.createdAt, who: AuditLog.actor(update.author), what: what, detail: update.commentary)
    }

    /// What changed, in words: "Forecast completion: none → 1 Dec 2017; Lead officers: Lucy Marsh → Lucy Marsh / Sam Hale".
    static func changeSummary(_ event: AuditEvent, names: AuditNames = AuditNames()) -> String? {
        guard let before = decode(event.beforeValues), let after = decode(event.afterValues) else { return nil }
        let keys = Set(before.keys).union(after.keys).sorted { AuditWords.order($0, $1) }
        let lines = keys.compactMap { key -> String? in
            let old = before[key] ?? "", new = after[key] ?? ""
            guard old != new else { return nil }
            return "\(AuditWords.field(key)): \(AuditWords.value(old, of: key, names: names)) → \(AuditWords.value(new, of: key, names: names))"
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

/// The names behind the ids some audit records keep (a meeting, an area, lead officers).
struct AuditNames: Sendable {
    var people: [Int: String] = [:]
    var meetings: [Int: String] = [:]
    var areas: [Int: String] = [:]

    static func load(on db: any Database) async throws -> AuditNames {
        let people = try await Person.query(on: db).all().map { ($0.id ?? 0, $0.name) }
        let meetings = try await Meeting.query(on: db).all().map { ($0.id ?? 0, $0.title) }
        let areas = try await Area.query(on: db).all().map { ($0.id ?? 0, $0.name) }
        return AuditNames(people: Dictionary(people, uniquingKeysWith: { a, _ in a }), meetings: Dictionary(meetings, uniquingKeysWith: { a, _ in a }),
                          areas: Dictionary(areas, uniquingKeysWith: { a, _ in a }))
    }
}

/// Words for what the audit trail records: its actions, the fields whose values it keeps, and
/// those values. The codes stay as they are stored; people only ever see the words.
enum AuditWords {
    /// Every action Waymark records, in the order the audit filter lists them.
    static let actions: [(code: String, words: String)] = [
        ("plan.created", "Plan created"),
        ("plan.imported", "Plan file imported"),
        ("plan.cadence_changed", "Reporting frequency changed"),
        ("area.created", "Area added"),
        ("area.renamed", "Area renamed"),
        ("area.moved", "Area moved"),
        ("activity.created", "Activity added"),
        ("activity.renamed", "Activity renamed"),
        ("activity.moved", "Activity moved"),
        ("activity.updated", "Activity changed by an import"),
        ("milestone.created", "Milestone added"),
        ("milestone.edited", "Milestone edited"),
        ("milestone.updated", "Milestone changed by an import"),
        ("milestone.moved", "Milestone moved"),
        ("milestone.withdrawn", "Milestone withdrawn"),
        ("milestone.reinstated", "Milestone reinstated"),
        ("milestone.progress_updated", "Progress update recorded"),
        ("milestone.commented", "Comment added"),
        ("person.created", "Lead officer added"),
        ("person.updated", "Lead officer's details changed"),
        ("period.opened", "Reporting period opened"),
        ("period.closed", "Reporting period closed"),
        ("period.reopened", "Reporting period reopened"),
        ("period.narrative_saved", "Report narrative saved"),
        ("period.author_set", "Report author set"),
        ("period.rating_overridden", "Delivery rating overridden"),
        ("reminders.written", "Reminders written"),
        ("board.created", "Board added"),
        ("meeting.created", "Meeting added"),
        ("agenda_item.added", "Agenda item added"),
        ("agenda_item.decided", "Agenda item decision recorded"),
        ("revision.agreed", "Revised deadline agreed by the Board"),
        ("revision.rejected", "Revised deadline rejected by the Board"),
        ("direction.recorded", "Directions recorded"),
        ("submission.due", "Submission due"),
        ("submission.made", "Submission made"),
        ("correspondence.recorded", "Correspondence recorded"),
        ("settings.rating_rules", "Rating rules changed"),
        ("user.created", "Account created"),
        ("user.updated", "Account changed"),
        ("user.disabled", "Account disabled"),
        ("user.enabled", "Account enabled"),
        ("user.password_reset", "Password reset"),
        ("user.password_changed", "Password changed"),
        ("user.sign_in_link_sent", "Sign-in link sent"),
        ("api_token.created", "API token created"),
        ("api_token.revoked", "API token revoked"),
        ("audit.exported", "Audit trail exported"),
    ]

    private static let actionWords = Dictionary(actions.map { ($0.code, $0.words) }, uniquingKeysWith: { a, _ in a })

    /// "submission.made" → "Submission made"; an action not listed is still put in words.
    static func action(_ code: String) -> String {
        if let words = actionWords[code] { return words }
        let parts = code.split(separator: ".", maxSplits: 1).map { $0.replacingOccurrences(of: "_", with: " ") }
        let text = parts.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    private static let fields: [String: String] = [
        "title": "Title", "name": "Name", "number": "Number", "position": "Position", "area_id": "Area",
        "deadline": "Deadline", "deadline_text": "Deadline", "leads": "Lead officers", "lead_ids": "Lead officers",
        "forecast_date": "Forecast completion", "completed_date": "Completed", "commentary": "Commentary",
        "proposed_deadline": "Proposed revised deadline", "proposed_reason": "Reason for the revised deadline",
        "lifecycle": "State", "withdrawn_reason": "Reason for withdrawing",
        "revised_deadline": "Revised deadline", "revision_count": "Times re-timed", "decision": "Decision",
        "minute_reference": "Minute reference", "meeting_id": "Meeting", "held_on": "Date of the meeting", "board": "Board",
        "chair": "Chair", "ask": "Board asked to", "state": "State", "closing": "Times closed", "reason": "Reason",
        "background": "Background", "achievements": "Key achievements", "continuing": "Areas where work continues to progress",
        "author": "Report author", "rating": "Delivery status", "justification": "Justification", "cadence": "Reporting frequency",
        "green_minimum": "GREEN needs at least (% completed or on target)", "red_above": "RED above (% overdue)",
        "file": "File", "milestones_added": "Milestones added", "milestones_updated": "Milestones updated",
        "given_on": "Given", "expires_on": "Expires", "due_on": "Due", "submitted_on": "Submitted", "dated": "Dated",
        "email": "Email address", "job_title": "Job title", "role": "Role", "person_id": "Lead officer", "comment": "Comment",
    ]

    /// "meeting_id" → "Meeting"; a field not listed is still put in words.
    static func field(_ key: String) -> String {
        if let words = fields[key] { return words }
        let text = key.replacingOccurrences(of: "_", with: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The order a change is told in: the fields a reader looks for first.
    static func order(_ a: String, _ b: String) -> Bool {
        let first = ["title", "name", "deadline", "deadline_text", "leads", "lead_ids", "forecast_date", "completed_date", "lifecycle", "decision"]
        let ia = first.firstIndex(of: a) ?? first.count, ib = first.firstIndex(of: b) ?? first.count
        return ia != ib ? ia < ib : a < b
    }

    /// A stored value as a reader would write it: dates as "18 Dec 2017", ids as names, codes as words.
    static func value(_ raw: String, of key: String, names: AuditNames) -> String {
        guard !raw.isEmpty else { return "none" }
        if let day = CalendarDate(iso: raw) { return day.display }
        func named(_ table: [Int: String]) -> String { Int(raw).flatMap { table[$0] } ?? raw }
        switch key {
        case "meeting_id": return named(names.meetings)
        case "area_id": return named(names.areas)
        case "person_id": return named(names.people)
        case "lead_ids": return raw.split(separator: ",").map { id in Int(id).flatMap { names.people[$0] } ?? String(id) }.joined(separator: " / ")
        case "lifecycle": return raw == MilestoneLifecycle.withdrawn.rawValue ? "Withdrawn" : "In the plan"
        case "rating": return DeliveryRating(rawValue: raw)?.label ?? (raw == "rule" ? "the rule's rating" : raw)
        case "cadence": return ReportingPeriod.Cadence(rawValue: raw)?.label ?? raw
        case "role": return Role(rawValue: raw)?.label ?? raw
        case "decision", "state", "ask": return raw.prefix(1).uppercased() + raw.dropFirst()
        default: return raw
        }
    }

    /// A stored summary with any date written as YYYY-MM-DD given as "18 Dec 2017", like every other date.
    static func readable(_ summary: String) -> String {
        guard summary.contains("-") else { return summary }
        let pattern = #/\b(\d{4}-\d{2}-\d{2})\b/#
        return summary.replacing(pattern) { match in CalendarDate(iso: String(match.1))?.display ?? String(match.0) }
    }
}
