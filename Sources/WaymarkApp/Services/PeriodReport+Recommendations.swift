import Fluent
import Foundation
import WaymarkCore

extension PeriodReport {
    /// A review's recommendation that milestones of the report answer, with those milestones'
    /// lines as the report has them, so the Board follows each recommendation in the same
    /// figures as the rest of the pack (frozen with a closed period).
    struct RecommendationRow: Sendable {
        var reviewID: Int, reviewTitle: String
        var number: Int, text: String
        var lines: [SnapshotLine]
    }

    /// The recommendations the report's milestones answer, review by review and in number order;
    /// none for a plan whose milestones answer no recommendation.
    static func recommendations(lines: [SnapshotLine], on db: any Database) async throws -> [RecommendationRow] {
        guard !lines.isEmpty else { return [] }
        let links = try await RecommendationMilestone.query(on: db).filter(\.$milestone.$id ~~ lines.map(\.milestoneID))
            .with(\.$finding) { $0.with(\.$review) }.all()
        var rows: [Int: RecommendationRow] = [:]
        for link in links {
            let finding = link.finding
            let id = try finding.requireID()
            if rows[id] == nil {
                rows[id] = RecommendationRow(reviewID: finding.$review.id, reviewTitle: finding.review.title, number: finding.number, text: finding.text, lines: [])
            }
        }
        let answering = Dictionary(grouping: links, by: \.$milestone.id).mapValues { $0.map(\.$finding.id) }
        for line in lines {
            for findingID in answering[line.milestoneID] ?? [] { rows[findingID]?.lines.append(line) }
        }
        return rows.values.sorted { ($0.reviewID, $0.number) < ($1.reviewID, $1.number) }
    }

    /// "1 Completed and 2 On Target": a recommendation's milestones counted by status, in the
    /// order of the report's scheme, withdrawn ones last.
    func progress(of row: RecommendationRow) -> String {
        var parts = scheme.statuses.compactMap { status -> String? in
            let count = row.lines.filter { self.status(of: $0)?.code == status.code }.count
            return count == 0 ? nil : "\(count) \(status.short)"
        }
        let withdrawn = row.lines.filter { status(of: $0) == nil }.count
        if withdrawn > 0 { parts.append("\(withdrawn) Withdrawn") }
        return parts.listed
    }
}
