import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// One page of a milestone list, and how many the whole list holds.
struct MilestoneSlice: Sendable {
    var items: [MilestoneListing]
    var total: Int
}

/// What a list needs of its plan. Every list request needs it, so the API reads it in one small
/// query (`read`) rather than decoding the whole model.
struct ListedPlan: Sendable {
    var id: Int
    var scheme: StatusScheme
    var dataVersion: Int
    /// Whether the stored statuses are current; nil when not read with the plan.
    var statuses: MilestoneStatusIndex.State?

    init(_ plan: Plan) throws {
        (id, scheme, dataVersion, statuses) = (try plan.requireID(), plan.scheme, plan.dataVersion, nil)
    }

    private init(id: Int, scheme: StatusScheme, dataVersion: Int, statuses: MilestoneStatusIndex.State) {
        (self.id, self.scheme, self.dataVersion, self.statuses) = (id, scheme, dataVersion, statuses)
    }

    static func read(_ id: Int, on db: any Database) async throws -> ListedPlan? {
        guard let row = try await db.sql.firstRow("""
            SELECT id, data_version, status_scheme, status_scheme_definition, statuses_on, statuses_wanted, statuses_done FROM plans WHERE id = \(bind: id)
            """) else { return nil }
        func text(_ column: String) throws -> String? { try row.optional(column) }
        func number(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
        return ListedPlan(id: try number("id"), scheme: Plan.scheme(code: try text("status_scheme"), definition: try text("status_scheme_definition")),
                          dataVersion: try number("data_version"),
                          statuses: .init(statuses_on: try text("statuses_on"), statuses_wanted: try number("statuses_wanted"),
                                          statuses_done: try number("statuses_done")))
    }
}

extension MilestoneQuery {
    /// A page of the plan's milestones in plan order, filtered, ordered and cut in the database so
    /// that 25 milestones of a large plan cost about what 25 cost, and no server holds the plan.
    ///
    /// Statuses are worked out in WaymarkCore for the rows shown, on `asOf`. Filtering by status
    /// uses each milestone's stored status for today (`MilestoneStatusIndex`); a status filter on
    /// another day, or by the criteria's code, works the plan out for that day and cuts the page
    /// from the matches, since no other day is stored.
    /// `after` is a milestone's id: the page starts after it, for deep pages without an offset.
    static func page(plan: Plan, asOf: CalendarDate, filter: MilestoneFilter, limit: Int?, offset: Int = 0, after: Int? = nil,
                     on db: any Database, cache: ReportCache?) async throws -> MilestoneSlice {
        try await page(plan: try ListedPlan(plan), asOf: asOf, filter: filter, limit: limit, offset: offset, after: after, on: db, cache: cache, counts: nil)
    }

    /// - Parameter counts: keeps each filter's total for the plan's data version and stored
    ///   statuses, which every write that could change it moves on; read from the database with
    ///   the plan, so a count is never kept past a change made through another server.
    /// - Parameter anchors: keeps, on the same terms, where deep pages by offset start
    ///   (`anchor(before:…)`), one every `anchorEvery` places.
    static func page(plan: ListedPlan, asOf: CalendarDate, filter: MilestoneFilter, limit: Int?, offset: Int = 0, after: Int? = nil,
                     on db: any Database, cache: ReportCache?, counts: ReportCache?,
                     anchors: ReportCache? = nil, anchorEvery: Int = 1_000) async throws -> MilestoneSlice {
        let planID = plan.id
        let today = AsOf.today()
        let byStatus = filter.status != nil || filter.schemeStatuses != nil
        if byStatus && (asOf != today || filter.status != nil) {
            let matching = apply(filter, to: try await everything(planID: planID, scheme: plan.scheme, asOf: asOf, on: db))
            let start = after.flatMap { id in matching.firstIndex { $0.id == id }.map { $0 + 1 } } ?? (after == nil ? offset : matching.count)
            let cut = matching.dropFirst(start)
            return MilestoneSlice(items: Array(limit.map { cut.prefix($0) } ?? cut), total: matching.count)
        }
        let refreshed = try await MilestoneStatusIndex.ensureCurrent(planID: planID, scheme: plan.scheme, today: today, on: db, cache: cache, known: plan.statuses)
        let sql = db.sql
        let (conditions, needsJoins) = conditions(filter, planID: planID, byStatus: byStatus)
        let joins: SQLQueryString = needsJoins ? " JOIN activities ac ON ac.id = m.activity_id JOIN areas ar ON ar.id = ac.area_id" : ""
        let matching: SQLQueryString = "FROM milestones m" + joins + " WHERE " + conditions.joined(separator: " AND ")
        struct Count: Decodable { var n: Int }
        let count = { @Sendable in try await sql.raw("SELECT COUNT(*) AS n " + matching).first(decoding: Count.self)?.n ?? 0 }
        // Kept figures are keyed by what was read with the plan; when this request has just
        // worked the statuses out itself, that is already out of date, so nothing is kept.
        let kept = plan.statuses.flatMap { statuses in refreshed ? nil : ReportCache.Key(
            planID: planID, version: plan.dataVersion, asOf: today, kind: "\(statuses.statuses_on ?? "")-\(statuses.statuses_done)-\(filter.countKey)") }
        let total: Int
        if let counts, let kept {
            total = try await counts.value(kept.named("count"), compute: count)
        } else {
            total = try await count()
        }

        var chosen: SQLQueryString = "SELECT m.id " + matching
        var skip = after == nil ? offset : 0
        if let after {
            chosen += " AND (m.list_rank, m.id) > (SELECT list_rank, id FROM milestones WHERE id = \(bind: after) AND plan_id = \(bind: planID))"
        } else if limit != nil, offset < total, let anchors, let kept,
                  let (anchor, rest) = try await anchor(before: offset, every: anchorEvery, matching: matching, key: kept.named("anchor"), in: anchors, on: sql) {
            chosen += " AND (m.list_rank, m.id) >= (\(bind: anchor.list_rank), \(bind: anchor.id))"
            skip = rest
        }
        chosen += " ORDER BY m.list_rank, m.id"
        if let limit { chosen += " LIMIT \(bind: limit)" }
        if skip > 0 {
            // SQLite takes an offset only after a limit; -1 is its "no limit".
            chosen += (limit == nil && sql.dialect.name == "sqlite" ? " LIMIT -1" : "") + " OFFSET \(bind: skip)"
        }
        // The page's ids are chosen from the index alone; only they are joined for their columns,
        // and their leads come in the same query, a row for each, so the page costs one round trip.
        let rows = try await PageRow.grouped(sql.rows("""
            SELECT m.id, m.position, m.title, m.deadline_text, m.deadline_kind, m.earliest_start, m.due_date, m.checkpoints,
                   m.forecast_date, m.completed_date, m.lifecycle, ar.id AS area_id, ar.name AS area_name, ac.number AS activity_number,
                   ac.title AS activity_title, ac.id AS activity_id, m.decided_status, m.decided_reason, m.reference,
                   ac.reference AS activity_reference, m.reported_status, m.reported_on, p.id AS lead_id, p.name AS lead_name
            FROM milestones m JOIN activities ac ON ac.id = m.activity_id JOIN areas ar ON ar.id = ac.area_id
            LEFT JOIN milestone_leads ml ON ml.milestone_id = m.id LEFT JOIN people p ON p.id = ml.person_id
            WHERE m.id IN (
            """ + chosen + ") ORDER BY m.list_rank, m.id, ml.position"))
        let scheme = plan.scheme
        let items = rows.map { row in
            let deadline = MilestoneStatusIndex.deadline(text: row.deadline_text, kind: row.deadline_kind, earliestStart: row.earliest_start,
                                                         due: row.due_date, checkpoints: row.checkpoints)
            let verdict = MilestoneStatusIndex.verdict(scheme: scheme, today: asOf, deadline: deadline, forecast: row.forecast_date,
                                                       completed: row.completed_date, lifecycle: row.lifecycle,
                                                       decision: row.decided_status, decisionReason: row.decided_reason)
            var listing = MilestoneListing(
                id: row.id, ref: References.milestone(own: row.reference, activityReference: row.activity_reference, activityNumber: row.activity_number, position: row.position),
                area: row.area_name, areaID: row.area_id, activityNumber: row.activity_number,
                activityRef: References.activity(reference: row.activity_reference, number: row.activity_number), activityID: row.activity_id,
                activity: row.activity_title, title: row.title, leads: row.leads.map(\.name), leadIDs: row.leads.map(\.id),
                deadline: deadline.written, deadlineKind: row.deadline_kind ?? Deadline.Kind.noFixedDate.rawValue, due: row.due_date,
                forecast: row.forecast_date, completed: row.completed_date, lifecycle: row.lifecycle ?? MilestoneLifecycle.active.rawValue,
                status: "", statusLabel: "", statusExplanation: "", schemeStatus: "", statusKind: nil, statusColour: "",
                reportedStatus: row.reported_status, reportedOn: row.reported_on, reportedLabel: row.reported_status.map { scheme.status($0)?.short ?? $0 })
            listing.apply(verdict)
            return listing
        }
        return MilestoneSlice(items: items, total: total)
    }

    /// The filter as SQL conditions on `m` (milestones), and whether they need the activity and
    /// area joined. Text filters match in any case, as `apply` does.
    private static func conditions(_ filter: MilestoneFilter, planID: Int, byStatus: Bool) -> ([SQLQueryString], Bool) {
        var conditions: [SQLQueryString] = ["m.plan_id = \(bind: planID)"]
        var needsJoins = false
        if let area = filter.area?.trimmingCharacters(in: .whitespaces).lowercased(), !area.isEmpty {
            conditions.append(Int(area).map { "(ac.area_id = \(bind: $0) OR LOWER(ar.name) = \(bind: area))" } ?? "LOWER(ar.name) = \(bind: area)")
            needsJoins = true
        }
        if let id = filter.milestoneID { conditions.append("m.id = \(bind: id)") }
        if let id = filter.activityID { conditions.append("m.activity_id = \(bind: id)") }
        if let person = filter.personID {
            conditions.append("EXISTS (SELECT 1 FROM milestone_leads ml WHERE ml.milestone_id = m.id AND ml.person_id = \(bind: person))")
        }
        if let lead = pattern(filter.lead) {
            conditions.append("EXISTS (SELECT 1 FROM milestone_leads ml JOIN people p ON p.id = ml.person_id WHERE ml.milestone_id = m.id AND LOWER(p.name) LIKE \(bind: lead) ESCAPE '!')")
        }
        if let words = pattern(filter.search) {
            conditions.append("(LOWER(m.title) LIKE \(bind: words) ESCAPE '!' OR LOWER(ac.title) LIKE \(bind: words) ESCAPE '!')")
            needsJoins = true
        }
        if let dueBefore = filter.dueBefore { conditions.append("m.due_date <= \(bind: dueBefore.iso)") }
        if !filter.includeWithdrawn || byStatus { conditions.append("m.lifecycle <> \(bind: MilestoneLifecycle.withdrawn.rawValue)") }
        if let codes = filter.schemeStatuses {
            conditions.append(codes.isEmpty ? "1 = 0" : "m.status_code IN (" + codes.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")")
        }
        return (conditions, needsJoins)
    }

    /// `%words%` for LIKE, with LIKE's own characters escaped by `!`; nil for no filter.
    private static func pattern(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
        let escaped = text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
        return "%\(escaped)%"
    }

    /// Read column by column: a keyed decoder looks each name up twice in every row, which was a
    /// tenth of a 25-item list's time.
    private struct PageRow {
        var id: Int, position: Int, title: String
        var deadline_text: String?, deadline_kind: String?, earliest_start: String?, due_date: String?, checkpoints: String?
        var forecast_date: String?, completed_date: String?, lifecycle: String?
        var area_id: Int, area_name: String, activity_number: Int, activity_title: String, activity_id: Int
        var decided_status: String?, decided_reason: String?, reference: String?, activity_reference: String?
        var reported_status: String?, reported_on: String?
        var leads: [(id: Int, name: String)] = []

        /// One row a lead, in the milestones' order and then the leads': each milestone once, with its leads.
        static func grouped(_ rows: [any SQLRow]) throws -> [PageRow] {
            var grouped: [PageRow] = []
            for row in rows {
                let id = try row.decode(column: "id", as: Int.self)
                if grouped.last?.id != id { grouped.append(try PageRow(row)) }
                if let lead = try row.optional("lead_id", as: Int.self) {
                    grouped[grouped.count - 1].leads.append((lead, try row.decode(column: "lead_name", as: String.self)))
                }
            }
            return grouped
        }

        private init(_ row: any SQLRow) throws {
            func text(_ column: String) throws -> String? { try row.optional(column) }
            (id, position, title) = (try row.decode(column: "id", as: Int.self), try row.decode(column: "position", as: Int.self),
                                     try row.decode(column: "title", as: String.self))
            (deadline_text, deadline_kind, earliest_start, due_date, checkpoints) = (try text("deadline_text"), try text("deadline_kind"),
                                                                                     try text("earliest_start"), try text("due_date"), try text("checkpoints"))
            (forecast_date, completed_date, lifecycle) = (try text("forecast_date"), try text("completed_date"), try text("lifecycle"))
            (area_id, area_name) = (try row.decode(column: "area_id", as: Int.self), try row.decode(column: "area_name", as: String.self))
            (activity_number, activity_title, activity_id) = (try row.decode(column: "activity_number", as: Int.self),
                                                              try row.decode(column: "activity_title", as: String.self),
                                                              try row.decode(column: "activity_id", as: Int.self))
            (decided_status, decided_reason, reference, activity_reference) = (try text("decided_status"), try text("decided_reason"),
                                                                               try text("reference"), try text("activity_reference"))
            (reported_status, reported_on) = (try text("reported_status"), try text("reported_on"))
        }
    }
}
