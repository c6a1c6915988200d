import Fluent
import Vapor
import WaymarkCore

/// What a milestone's page shows, for one reader on one day. `load` does all the reading and
/// works the status out; `render` only writes markup, so each state (withdrawn, a past day, a
/// closed plan, hostile text) can be tried by building a value.
struct MilestonePage: Sendable {
    struct Revision: Sendable {
        var proposed: String
        var reason: String
        var state: String
        /// " on 5 March 2018, minute 12" when decided.
        var decided: String
    }

    struct Answer: Sendable {
        var number: Int
        var reviewID: Int
        var reviewTitle: String
        var text: String
    }

    /// What the reader may do here.
    struct Abilities: Sendable {
        var update = false, edit = false, decide = false, comment = false
        /// An external reviewer sees the progress updates, not the audit trail.
        var progressOnly = false
    }

    var id: Int
    var title: String
    var planID: Int
    var planTitle: String
    var areaID: Int
    var areaName: String
    var activityID: Int
    var activityLabel: String
    var activityTitle: String
    var leads: [String]
    var deadlineText: String
    var deadlineExplanation: String
    var verdict: SchemeVerdict
    /// Why the status is what it is, or the withdrawal's reason.
    var why: String
    var revisedDeadline: String?
    var forecast: CalendarDate?
    var completed: CalendarDate?
    var asOf: CalendarDate
    /// The status an imported file gave, in words, when it gave one.
    var reported: String?
    var answers: [Answer] = []
    /// Where it was carried forward from or to (`SuccessorNotices`), already written.
    var carried: HTML = ""
    var revisions: [Revision] = []
    var history: [MilestoneHistory.Entry] = []
    var abilities = Abilities()
    /// "updated" or "decided" after a save, for the success banner.
    var saved: String?
    /// A comment sent back with its problems.
    var comment = ""
    var commentErrors: [FieldError] = []

    static func load(_ record: MilestoneRecord, for user: User, asOf: CalendarDate, on db: any Database) async throws -> Self {
        let m = record.milestone, scheme = record.plan.scheme, id = try m.requireID()
        let withdrawn = m.lifecycle == .withdrawn
        let verdict = scheme.verdict(m.facts, asOf: asOf, decision: m.decidedStatus, decisionReason: m.decidedReason, withdrawn: withdrawn)
        // The tag already names the status; the sentence beside it gives the reason.
        let why = withdrawn ? "\(m.withdrawnReason ?? "No reason recorded"). Not counted in the figures."
            : verdict.status?.kind == .byDecision ? verdict.explanation : MilestoneUpdateForm.reason(verdict.assessment)
        let revisions = try await DeadlineRevision.query(on: db).filter(\.$milestone.$id == id).sort(\.$id).all().map { r in
            Revision(proposed: r.proposedText, reason: r.reason, state: r.state.rawValue.capitalized,
                     decided: r.decidedOn.flatMap { CalendarDate(iso: $0)?.display }.map { " on \($0)\(r.minuteReference.map { ", minute \($0)" } ?? "")" } ?? "")
        }
        let answers = try await RecommendationMilestone.query(on: db).filter(\.$milestone.$id == id).with(\.$finding) { $0.with(\.$review) }.all().map {
            Answer(number: $0.finding.number, reviewID: $0.finding.review.id ?? 0, reviewTitle: $0.finding.review.title, text: $0.finding.text)
        }
        let leadIDs = Set(record.leads.compactMap(\.id))
        let abilities = Abilities(update: !withdrawn && record.plan.state != .closed && user.access.may(.updateMilestone(leads: leadIDs)),
                                  edit: user.access.may(.editStructure),
                                  decide: !withdrawn && user.access.may(.manageReporting) && !scheme.decisionStatuses.isEmpty,
                                  comment: user.access.may(.comment), progressOnly: user.role == .reviewer)
        return MilestonePage(
            id: id, title: m.title, planID: try record.plan.requireID(), planTitle: record.plan.title, areaID: record.area.id ?? 0, areaName: record.area.name,
            activityID: record.activity.id ?? 0, activityLabel: record.activity.label, activityTitle: record.activity.title, leads: record.leads.map(\.name),
            deadlineText: m.deadlineText, deadlineExplanation: m.deadline.explanation, verdict: verdict, why: why,
            revisedDeadline: revisedDeadline(m, asOf: asOf), forecast: m.forecastDate.flatMap { CalendarDate(iso: $0) },
            completed: m.completedDate.flatMap { CalendarDate(iso: $0) }, asOf: asOf, reported: reported(m, scheme: scheme, worked: verdict),
            answers: answers, carried: try await SuccessorNotices.milestone(m, on: db), revisions: revisions,
            history: try await MilestoneHistory.entries(for: id, progressOnly: abilities.progressOnly, on: db), abilities: abilities)
    }

    /// The Board's latest agreed deadline, beside (never instead of) the original one.
    private static func revisedDeadline(_ m: Milestone, asOf: CalendarDate) -> String? {
        guard let text = m.revisedDeadlineText, let against = StatusRules.assess(m.facts, againstRevised: text, asOf: asOf) else { return nil }
        return "\(text) (re-timed \(m.revisionCount) time\(m.revisionCount == 1 ? "" : "s")). Against it the milestone would be \(against.status.label); its status stays measured against the original deadline."
    }

    /// The status an imported file gave, beside the one Waymark works out, and whether they differ.
    private static func reported(_ m: Milestone, scheme: StatusScheme, worked: SchemeVerdict) -> String? {
        guard let code = m.reportedStatus else { return nil }
        let name = scheme.status(code)?.short ?? code
        let day = m.reportedOn.flatMap { CalendarDate(iso: $0)?.display } ?? "an unrecorded day"
        let comparison = code == worked.code ? "Waymark works out the same." : "Waymark works out \(worked.short) from the dates, which is what the figures count."
        return "\(name), reported for \(day). \(comparison)"
    }

    func render(_ context: Layout.Context) -> HTML {
        let banner: HTML = switch saved ?? "" {
        case "updated": FormFields.successBanner("Update saved", "Your progress update has been saved and is in the milestone's history below.")
        case "decided": FormFields.successBanner("Decision saved", "The milestone's status is as shown below, and the decision is in its history.")
        default: ""
        }
        let answered = answers.map { a -> HTML in
            "<dt>Answers</dt><dd>Recommendation \(a.number) of <a href=\"/reviews/\(a.reviewID)\">\(a.reviewTitle)</a>: \(a.text)</dd>"
        }
        let commentForm: HTML = abilities.comment ? """
            <form method="post" action="/milestones/\(id)/comments" novalidate>\(Layout.csrfField(context.csrfToken))
            \(MilestoneUpdateForm.textarea("comment", "Add a comment", hint: "Comments and challenges are kept in the milestone's history", value: comment, errors: commentErrors))
            <button class="button button--secondary" type="submit">Add comment</button></form>
            """ : ""
        return Layout.page(title, context: context, errors: commentErrors, """
        \(Layout.breadcrumbs([("/plans", "Plans"), ("/plans/\(planID)", planTitle), ("/plans/\(planID)/milestones?area=\(areaID)", areaName)]))
        \(banner)
        <span class="caption">\(areaName) – <a href="/activities/\(activityID)">activity \(activityLabel): \(activityTitle)</a></span>
        <h1>\(title)</h1>
        <p>\(Layout.statusTag(verdict.short, key: verdict.colour)) <span id="status-reason">\(why)</span></p>
        <dl class="summary-list">
          <dt>Lead officers</dt><dd>\(leads.joined(separator: ", "))</dd>
          <dt>Deadline as written</dt><dd>\(deadlineText)</dd>
          <dt>Deadline as understood</dt><dd>\(deadlineExplanation)</dd>
          \(revisedDeadline.map { "<dt>Revised deadline agreed by the Board</dt><dd>\($0)</dd>" as HTML } ?? "")
          <dt>Forecast completion</dt><dd>\(forecast?.display ?? "None given")</dd>
          <dt>Completed</dt><dd>\(completed?.display ?? "Not yet")</dd>
          <dt>Status worked out for</dt><dd>\(asOf.display)</dd>
          \(reported.map { "<dt>Status reported in the imported plan</dt><dd>\($0)</dd>" as HTML } ?? "")
          \(answered)
          \(carried)
        </dl>
        \(abilities.update ? HTML("<p><a class=\"button\" href=\"/milestones/\(id)/update\">Record an update</a></p>") : "")
        \(abilities.edit ? HTML("<p><a href=\"/milestones/\(id)/edit\">Edit or withdraw this milestone</a></p>") : "")
        \(abilities.decide ? HTML("<p><a href=\"/milestones/\(id)/decision\">Set or clear a status by decision</a></p>") : "")
        \(revisions.isEmpty ? "" : revisionsTable)
        <h2 id="history">\(abilities.progressOnly ? "Progress updates" : "History")</h2>
        \(commentForm)
        \(MilestoneHistory.render(history))
        """)
    }

    private var revisionsTable: HTML {
        let rows = revisions.map { r -> HTML in "<tr><td>\(r.proposed)</td><td>\(r.reason)</td><td>\(r.state)\(r.decided)</td></tr>" }
        return """
        <h2>Proposed revised deadlines</h2>
        <p>A revised deadline needs the Board's agreement. Status is always measured against the original deadline.</p>
        <table class="table"><thead><tr><th scope="col">Proposed deadline</th><th scope="col">Reason</th><th scope="col">Decision</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }
}

/// A milestone with where it sits and who leads it, as the milestone's pages and forms read it.
struct MilestoneRecord: Sendable {
    var milestone: Milestone
    var activity: Activity
    var area: Area
    var plan: Plan
    var leads: [Person]

    static func load(_ id: Int, on db: any Database) async throws -> Self {
        guard let milestone = try await Milestone.query(on: db).filter(\.$id == id).with(\.$leads).with(\.$activity).first() else {
            throw Abort(.notFound, reason: "There is no such milestone.")
        }
        guard let area = try await Area.find(milestone.activity.$area.id, on: db), let plan = try await Plan.find(milestone.$plan.id, on: db) else {
            throw Abort(.notFound)
        }
        return MilestoneRecord(milestone: milestone, activity: milestone.activity, area: area, plan: plan, leads: milestone.leads)
    }
}

extension Request {
    /// The milestone named by the route's `:milestoneID`.
    func milestoneRecord() async throws -> MilestoneRecord {
        guard let id = parameters.get("milestoneID").flatMap(Int.init) else { throw Abort(.notFound, reason: "There is no such milestone.") }
        return try await MilestoneRecord.load(id, on: db)
    }
}
