import Fluent
import Foundation

/// A plan area a review theme covers.
final class ReviewThemeArea: Model, @unchecked Sendable {
    static let schema = "review_theme_areas"

    // managed fields
    @ID(custom: "id") var id: Int?

    // relationships
    @Parent(key: "theme_id") var theme: ReviewTheme
    @Parent(key: "area_id") var area: Area

    init() {}
}
