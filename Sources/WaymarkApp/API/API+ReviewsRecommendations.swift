import Fluent
import Vapor
import WaymarkCore

/// The recommendations in a review's API answer: the review's own, and for a follow-up visit
/// those of the review it follows, each with its milestones' status today in their plan's scheme.
extension ReviewsAPIController {
    struct Answer: Content { var id: Int, plan_id: Int, title: String, deadline: String, status: String, status_label: String }
    struct Recommendation: Content { var id: Int, number: Int, text: String, stage: String, theme_id: Int?, milestones: [Answer] }
    struct Followed: Content { var id: Int, title: String, recommendations: [Recommendation] }

    static func recommendations(reviewID: Int, today: CalendarDate, on db: any Database) async throws -> [Recommendation] {
        try await RecommendationProgress.load(reviewID: reviewID, today: today, on: db).map { item in
            Recommendation(id: item.finding.id ?? 0, number: item.finding.number, text: item.finding.text, stage: item.finding.stage.rawValue,
                           theme_id: item.finding.$theme.id,
                           milestones: item.answers.map { Answer(id: $0.milestoneID, plan_id: $0.planID, title: $0.title, deadline: $0.deadline,
                                                                 status: $0.verdict.code, status_label: $0.verdict.short) })
        }
    }

    static func followed(_ review: Review, today: CalendarDate, on db: any Database) async throws -> Followed? {
        guard let first = try await review.$follows.get(on: db) else { return nil }
        let id = try first.requireID()
        return Followed(id: id, title: first.title, recommendations: try await recommendations(reviewID: id, today: today, on: db))
    }
}
