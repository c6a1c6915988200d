import Fluent
import Foundation
import WaymarkCore

/// Where a review's recommendations stand: each milestone that answers one, with its status in
/// its own plan's scheme. The review's page, a follow-up visit's page and the API read it live;
/// the Board pack reads the same links against its own (perhaps frozen) lines instead.
struct RecommendationProgress: Sendable {
    struct Answer: Sendable {
        var milestoneID: Int, planID: Int
        var title: String, deadline: String
        var verdict: SchemeVerdict
    }

    var finding: ReviewFinding
    var answers: [Answer]

    /// Each finding's answering milestones, in the order they were linked, by finding id.
    static func answers(to findings: [ReviewFinding], today: CalendarDate, on db: any Database) async throws -> [Int: [Answer]] {
        let links = try await RecommendationMilestone.query(on: db).filter(\.$finding.$id ~~ findings.compactMap(\.id)).with(\.$milestone).sort(\.$id).all()
        var out: [Int: [Answer]] = [:]
        var schemes: [Int: StatusScheme] = [:]
        for link in links {
            let m = link.milestone
            if schemes[m.$plan.id] == nil { schemes[m.$plan.id] = try await Plan.find(m.$plan.id, on: db)?.scheme ?? .standard }
            let verdict = schemes[m.$plan.id]!.verdict(m.facts, asOf: today, decision: m.decidedStatus, decisionReason: m.decidedReason, withdrawn: m.lifecycle == .withdrawn)
            out[link.$finding.id, default: []].append(Answer(milestoneID: try m.requireID(), planID: m.$plan.id, title: m.title, deadline: m.deadlineText, verdict: verdict))
        }
        return out
    }

    /// The recommendations of `reviewID`, in number order, each with its answers today.
    static func load(reviewID: Int, today: CalendarDate, on db: any Database) async throws -> [RecommendationProgress] {
        let recommendations = try await ReviewFinding.query(on: db).filter(\.$review.$id == reviewID).filter(\.$kind == .recommendation).sort(\.$number).all()
        let answers = try await answers(to: recommendations, today: today, on: db)
        return recommendations.map { RecommendationProgress(finding: $0, answers: answers[$0.id ?? 0] ?? []) }
    }

    /// The milestones that answer the recommendations of the review a follow-up visit follows:
    /// the follow-up's reviewers read them, wherever the action plan put them.
    static func followedMilestoneIDs(of review: Review, on db: any Database) async throws -> Set<Int> {
        guard let followed = review.$follows.id else { return [] }
        let links = try await RecommendationMilestone.query(on: db)
            .join(ReviewFinding.self, on: \RecommendationMilestone.$finding.$id == \ReviewFinding.$id)
            .filter(ReviewFinding.self, \.$review.$id == followed).all()
        return Set(links.map(\.$milestone.id))
    }
}
