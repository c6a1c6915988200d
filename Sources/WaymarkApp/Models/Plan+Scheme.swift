import Foundation
import WaymarkCore

extension Plan {
    /// The plan's status scheme. A code Waymark no longer knows reads as the standard scheme
    /// rather than failing every page of the plan; the settings page shows which is in force.
    var scheme: StatusScheme { Self.scheme(code: statusScheme, definition: statusSchemeDefinition) }

    /// A built-in scheme by its code, else the definition stored on the plan.
    static func scheme(code: String?, definition: String?) -> StatusScheme {
        if let code, let builtIn = StatusScheme.named(code) { return builtIn }
        return definition.flatMap { try? JSONDecoder().decode(StatusScheme.self, from: Data($0.utf8)) } ?? .standard
    }

    /// The plan's RAG thresholds, each falling back to the default setting when not set.
    func ratingRules(default rules: DeliveryRatingRules) -> DeliveryRatingRules {
        DeliveryRatingRules(greenMinimumPercentCompletedOrOnTarget: ragGreenMinimum ?? rules.greenMinimumPercentCompletedOrOnTarget,
                            redAbovePercentOverdue: ragRedAbove ?? rules.redAbovePercentOverdue)
    }
}

/// A scheme's statuses as the API and the exports describe them.
struct SchemeStatusListing: Codable, Sendable, Equatable {
    var code: String
    var name: String
    var short: String
    var kind: String

    init(_ status: StatusScheme.Status) {
        (code, name, short, kind) = (status.code, status.name, status.short, status.kind.rawValue)
    }

    static func all(_ scheme: StatusScheme) -> [SchemeStatusListing] { scheme.statuses.map(Self.init) }
}
