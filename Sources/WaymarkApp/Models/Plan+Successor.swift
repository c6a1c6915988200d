import Foundation
import WaymarkCore

/// What a plan had delivered when it closed, frozen then, so that "205 actions delivered" stays
/// true however its milestones are edited afterwards. Stored as JSON in `plans.final_figures`.
struct FinalFigures: Codable, Sendable, Equatable {
    struct AreaFigures: Codable, Sendable, Equatable {
        var name: String
        var completed: Int
        /// Counted milestones: every one not withdrawn, completed ones included.
        var active: Int
        var withdrawn: Int
        var carriedForward: Int

        enum CodingKeys: String, CodingKey { case name, completed, active, withdrawn, carriedForward = "carried_forward" }
    }

    var closedOn: String
    var scheme: String
    var completed: Int
    var active: Int
    var withdrawn: Int
    var carriedForward: Int
    /// Active milestones neither completed nor carried forward: they end with the plan.
    var leftOpen: Int
    /// Counts by the plan's scheme's status codes, as its dashboard showed them on the closing day.
    var statuses: [String: Int]
    var areas: [AreaFigures]
    var successorID: Int
    var successorTitle: String
    var sentence: String

    enum CodingKeys: String, CodingKey {
        case closedOn = "closed_on", scheme, completed, active, withdrawn, carriedForward = "carried_forward", leftOpen = "left_open"
        case statuses, areas, successorID = "successor_id", successorTitle = "successor_title", sentence
    }

    /// "205 milestones: 180 completed, 25 carried forward to Best Value Improvement Plan 2017-18."
    static func sentence(active: Int, completed: Int, carried: Int, leftOpen: Int, withdrawn: Int, successor: String) -> String {
        var parts = ["\(completed) completed", "\(carried) carried forward to \(successor)"]
        if leftOpen > 0 { parts.append("\(leftOpen) ended with the plan without being completed") }
        var text = "\(active) milestone\(active == 1 ? "" : "s"): " + parts.joined(separator: ", ") + "."
        if withdrawn > 0 { text += " \(withdrawn) withdrawn milestone\(withdrawn == 1 ? " was" : "s were") not counted." }
        return text
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

extension Plan {
    /// The figures frozen when the plan closed; nil for a plan that has not.
    var frozenFigures: FinalFigures? {
        finalFigures.flatMap { try? JSONDecoder().decode(FinalFigures.self, from: Data($0.utf8)) }
    }
}
