import Crypto
import Fluent
import Foundation
import WaymarkCore

/// The words of a milestone's latest commentary that a performance officer approved for the
/// public for one period: as written, or a public version of them.
final class PublicCommentary: Model, @unchecked Sendable {
    static let schema = "public_commentaries"

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "text") var text: String
    @Field(key: "approved_by") var approvedBy: String
    @Field(key: "approved_at") var approvedAt: Date

    // relationships
    @Parent(key: "milestone_id") var milestone: Milestone
    @Parent(key: "period_id") var period: PlanReportingPeriod

    init() {}

    /// What a form carries to say which approved text it was drawn from ("" for none), so a save
    /// made from a page someone else has since changed is told so rather than undoing theirs.
    static func digest(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return SHA256.hash(data: Data(text.utf8)).prefix(12).hexEncoded
    }
}
