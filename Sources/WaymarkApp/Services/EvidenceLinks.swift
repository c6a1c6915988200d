import Fluent
import Foundation

/// Which of Waymark's own pages count as evidence: the review's plan's dashboard, milestone list
/// and KPIs, and the Board pack of one of its closed periods. A pack of an open period is a
/// draft, which a reviewer may not read, so it cannot be evidence.
enum EvidenceLinks {
    /// Nil when `link` is one of those pages; otherwise what is wrong, for the form.
    static func problem(_ link: String, planID: Int, on db: any Database) async throws -> String? {
        let parts = link.split(separator: "/", omittingEmptySubsequences: false)
        let shown = "Give a link to a page of this plan in Waymark, such as /plans/\(planID) (the dashboard), /plans/\(planID)/kpis or /periods/1/pack (a closed period's Board pack)"
        guard link.hasPrefix("/"), !link.contains("?"), !link.contains("#"), parts.count >= 3 else { return shown }
        switch (parts[1], Int(parts[2]), parts.dropFirst(3).joined(separator: "/")) {
        case ("plans", planID, ""), ("plans", planID, "milestones"), ("plans", planID, "kpis"):
            return nil
        case ("periods", let id?, "pack"):
            guard let period = try await PlanReportingPeriod.find(id, on: db), period.$plan.id == planID else { return shown }
            return period.state == .closed ? nil : "That period is still open, so its pack is a draft; link to the pack once the period has closed"
        default:
            return shown
        }
    }
}
