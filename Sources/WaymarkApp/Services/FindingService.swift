import Fluent
import Foundation
import WaymarkCore

/// The peer team's feedback: findings and recommendations per theme, drafted then made final,
/// and each recommendation turned into milestones of an action plan (an area of an existing
/// plan, or a new plan of its own), linked both ways so the Board follows each recommendation
/// through the usual quarterly reporting. Each write is validated, transactional and audited.
struct FindingService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var kind = "", text = "", stage = ""
        var themeID: Int?
        var version = 0
    }

    /// Where a recommendation's milestone goes.
    enum Target: Sendable, Equatable {
        case area(Int)
        /// A new plan, "<review> action plan", with an area per theme.
        case newPlan
    }

    private var reviews: ReviewService { ReviewService(db: db, user: user) }

    func add(reviewID: Int, _ input: Input) async throws -> WriteResult<ReviewFinding> {
        try reviews.allowed()
        var errors: [FieldError] = []
        let kind = ReviewFinding.Kind(rawValue: input.kind)
        if kind == nil { errors.append(.init(field: "finding_kind", message: "Select whether it is a finding or a recommendation")) }
        let text = check(input.text, into: &errors)
        guard errors.isEmpty, let kind else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            if let problem = try await themeProblem(input.themeID, reviewID: reviewID, on: tx) { return .invalid([problem]) }
            let number = (try await ReviewFinding.query(on: tx).filter(\.$review.$id == reviewID).filter(\.$kind == kind).max(\.$number) ?? 0) + 1
            let finding = ReviewFinding()
            (finding.$review.id, finding.kind, finding.number, finding.text, finding.stage, finding.$theme.id) = (reviewID, kind, number, text, .draft, input.themeID)
            try await finding.create(on: tx)
            try await reviews.audit("\(kind.rawValue).added", "review_finding", finding.id, planID: review.$plan.id,
                                    "Added \(kind.label.lowercased()) \(number) (draft) to \"\(review.title)\"", after: describe(finding), on: tx)
            return .saved(finding)
        }
    }

    /// Changes the wording, theme or stage (draft or final), if nobody has since `input.version`.
    func update(findingID: Int, _ input: Input) async throws -> WriteResult<ReviewFinding> {
        try reviews.allowed()
        var errors: [FieldError] = []
        let text = check(input.text, into: &errors)
        let stage = ReviewFinding.Stage(rawValue: input.stage)
        if stage == nil { errors.append(.init(field: "stage", message: "Select whether it is a draft or final")) }
        guard errors.isEmpty, let stage else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let finding = try await ReviewFinding.find(findingID, on: tx), let review = try await Review.find(finding.$review.id, on: tx) else {
                throw WriteRefusal.notFound("finding")
            }
            if let problem = try await themeProblem(input.themeID, reviewID: finding.$review.id, on: tx) { return .invalid([problem]) }
            guard try await RowGuards.claimVersion("review_findings", id: findingID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "review_finding", id: findingID, version: finding.version, on: tx)
            }
            let before = describe(finding)
            (finding.text, finding.stage, finding.$theme.id, finding.version) = (text, stage, input.themeID, input.version + 1)
            try await finding.save(on: tx)
            // Board packs show a recommendation's words beside its milestones: the plans they are
            // in are drawn again.
            let linked = try await RecommendationMilestone.query(on: tx).filter(\.$finding.$id == findingID).with(\.$milestone).all()
            for planID in Set(linked.map { $0.milestone.$plan.id }) { try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false) }
            try await reviews.audit("\(finding.kind.rawValue).changed", "review_finding", findingID, planID: review.$plan.id,
                                    "Changed \(finding.kind.label.lowercased()) \(finding.number) (\(stage.label.lowercased()))", before: before, after: describe(finding), on: tx)
            return .saved(finding)
        }
    }

    /// Adds a milestone answering the recommendation, in `target`, and links the two. In an
    /// existing plan it goes under an activity named after the review in the chosen area (made
    /// the first time); a new plan gets an area for the recommendation's theme.
    func addMilestone(findingID: Int, target: Target?, _ input: PlanStructureService.MilestoneInput) async throws -> WriteResult<Int> {
        try reviews.allowed()
        let structure = PlanStructureService(db: db, user: user)
        try structure.guardAllowed()
        var (checked, errors) = PlanStructureService.validated(input)
        if target == nil { errors.append(.init(field: "target", message: "Choose where the milestone goes: an area of a plan, or a new action plan")) }
        guard checked != nil, errors.isEmpty, let target else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            // The action plan, its area and the "Recommendations of …" activity are looked up by
            // name and made when missing; on PostgreSQL two writers would both miss them and race
            // to the unique index. Taking the review's row first makes them take turns, so the
            // second finds what the first made (and the review's title as it now stands).
            guard let finding = try await ReviewFinding.find(findingID, on: tx),
                  try await RowGuards.lock("reviews", id: finding.$review.id, on: tx),
                  let review = try await Review.find(finding.$review.id, on: tx) else {
                throw WriteRefusal.notFound("recommendation")
            }
            guard finding.kind == .recommendation else { return .invalid("target", "Only a recommendation is answered by milestones") }
            let inner = PlanStructureService(db: tx, user: user)
            let areaID: Int
            switch target {
            case .area(let id):
                guard try await Area.find(id, on: tx) != nil else { return .invalid("target", "Choose an area of a plan") }
                areaID = id
            case .newPlan:
                areaID = try await actionPlanArea(review: review, finding: finding, on: tx)
            }
            let activityTitle = "Recommendations of the \(review.title)"
            let activityID: Int
            if let existing = try await Activity.query(on: tx).filter(\.$area.$id == areaID).filter(\.$title == activityTitle).first() {
                activityID = try existing.requireID()
            } else {
                guard case .saved(let made) = try await inner.addActivity(to: areaID, title: activityTitle) else { return .invalid("target", "The activity could not be added") }
                activityID = made
            }
            let result = try await inner.addMilestone(to: activityID, input)
            guard case .saved(let milestoneID) = result else { return result }
            let link = RecommendationMilestone()
            (link.$finding.id, link.$milestone.id) = (findingID, milestoneID)
            try await link.create(on: tx)
            try await reviews.audit("recommendation.milestone_added", "review_finding", findingID, planID: review.$plan.id,
                                    "Recommendation \(finding.number) of \"\(review.title)\" is answered by the milestone \"\(input.title.trimmingCharacters(in: .whitespaces))\"",
                                    after: ["milestone_id": String(milestoneID)], on: tx)
            return .saved(milestoneID)
        }
    }

    /// The new action plan's area for the recommendation's theme, making the plan and the area
    /// the first time they are needed.
    private func actionPlanArea(review: Review, finding: ReviewFinding, on tx: any Database) async throws -> Int {
        let title = "\(review.title) action plan"
        var plan = try await Plan.query(on: tx).filter(\.$title == title).first()
        if plan == nil {
            let made = Plan(title: title)
            try await made.create(on: tx)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "plan.created", entity: "plan", entityID: made.id, planID: made.id,
                                            summary: "Created the action plan \"\(title)\" for the recommendations of \"\(review.title)\""), on: tx)
            plan = made
        }
        let planID = try plan!.requireID()
        let theme = try await finding.$theme.get(on: tx)
        let name = String((theme?.kind == .theme ? theme?.title : nil)?.prefix(TextLimit.name.maximum) ?? "Recommendations")
        if let area = try await Area.query(on: tx).filter(\.$plan.$id == planID).filter(\.$name == name).first() { return try area.requireID() }
        guard case .saved(let areaID) = try await PlanStructureService(db: tx, user: user).addArea(to: planID, name: name) else {
            throw WriteRefusal.notFound(saying: "The action plan's area could not be made")
        }
        return areaID
    }

    private func check(_ raw: String, into errors: inout [FieldError]) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(.init(field: "finding_text", message: "Enter the finding or recommendation")) }
        reviews.check(text, .text, label: "The finding or recommendation", field: "finding_text", into: &errors)
        return text
    }

    private func themeProblem(_ themeID: Int?, reviewID: Int, on tx: any Database) async throws -> FieldError? {
        guard let themeID else { return nil }
        let found = try await ReviewTheme.query(on: tx).filter(\.$id == themeID).filter(\.$review.$id == reviewID).count()
        return found == 1 ? nil : .init(field: "finding_theme_id", message: "Choose one of this review's themes")
    }

    private func describe(_ finding: ReviewFinding) -> [String: String] {
        ["kind": finding.kind.rawValue, "number": String(finding.number), "text": finding.text, "stage": finding.stage.rawValue,
         "theme_id": finding.$theme.id.map(String.init) ?? ""]
    }
}
