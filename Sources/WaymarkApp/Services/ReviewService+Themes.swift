import Fluent
import Foundation
import WaymarkCore

extension ReviewService {
    struct ThemeInput: Sendable {
        var title = "", question = ""
        var leadPersonID: Int?
        var areaIDs: [Int] = []
        var version = 0
    }

    /// A theme of the council's own, or one of the scope questions agreed with the LGA.
    func addTheme(reviewID: Int, kind: ReviewTheme.Kind, _ input: ThemeInput) async throws -> WriteResult<ReviewTheme> {
        try allowed()
        let errors = validate(kind: kind, input)
        guard errors.isEmpty else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            if let problem = try await refuseLinks(input, planID: review.$plan.id, on: tx) { return .invalid([problem]) }
            let last = try await ReviewTheme.query(on: tx).filter(\.$review.$id == reviewID).max(\.$position) ?? 0
            let theme = ReviewTheme()
            theme.$review.id = reviewID
            (theme.kind, theme.position) = (kind, last + 1)
            apply(input, to: theme)
            try await theme.create(on: tx)
            try await link(theme, areas: input.areaIDs, on: tx)
            try await audit(kind == .theme ? "review_theme.added" : "scope_question.added", "review_theme", theme.id, planID: review.$plan.id,
                            kind == .theme ? "Added the theme \"\(theme.title)\"" : "Added the scope question \"\(theme.question)\"",
                            after: describe(theme, areas: input.areaIDs), on: tx)
            return .saved(theme)
        }
    }

    /// Changes a theme's wording, lead and areas, if nobody has changed it since `input.version`.
    func updateTheme(themeID: Int, _ input: ThemeInput) async throws -> WriteResult<ReviewTheme> {
        try allowed()
        return try await db.writeTransaction { tx in
            guard let theme = try await ReviewTheme.find(themeID, on: tx), let review = try await Review.find(theme.$review.id, on: tx) else {
                throw WriteRefusal.notFound("theme")
            }
            let errors = validate(kind: theme.kind, input)
            guard errors.isEmpty else { return .invalid(errors) }
            if let problem = try await refuseLinks(input, planID: review.$plan.id, on: tx) { return .invalid([problem]) }
            guard try await RowGuards.claimVersion("review_themes", id: themeID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "review_theme", id: themeID, version: theme.version, on: tx)
            }
            let oldAreas = try await ReviewThemeArea.query(on: tx).filter(\.$theme.$id == themeID).all().map(\.$area.id)
            let before = describe(theme, areas: oldAreas)
            apply(input, to: theme)
            theme.version = input.version + 1
            try await theme.save(on: tx)
            try await ReviewThemeArea.query(on: tx).filter(\.$theme.$id == themeID).delete()
            try await link(theme, areas: input.areaIDs, on: tx)
            try await audit("review_theme.changed", "review_theme", themeID, planID: review.$plan.id, "Changed \"\(theme.title)\"",
                            before: before, after: describe(theme, areas: input.areaIDs), on: tx)
            return .saved(theme)
        }
    }

    private func validate(kind: ReviewTheme.Kind, _ input: ThemeInput) -> [FieldError] {
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        let question = input.question.trimmingCharacters(in: .whitespacesAndNewlines)
        if kind == .theme && title.isEmpty { errors.append(.init(field: "title", message: "Enter the theme's title")) }
        check(title, .title, label: "Title", field: "title", into: &errors)
        if question.isEmpty { errors.append(.init(field: "question", message: kind == .theme ? "Enter the question the peer team asks of this theme" : "Enter the scope question")) }
        check(question, .text, label: kind == .theme ? "Question" : "Scope question", field: "question", into: &errors)
        return errors
    }

    /// The lead must be a person on record and the areas must be the review's plan's.
    private func refuseLinks(_ input: ThemeInput, planID: Int, on tx: any Database) async throws -> FieldError? {
        if let lead = input.leadPersonID, try await Person.find(lead, on: tx) == nil {
            return .init(field: "lead_person_id", message: "Select a corporate lead from the list")
        }
        guard !input.areaIDs.isEmpty else { return nil }
        let found = try await Area.query(on: tx).filter(\.$id ~~ input.areaIDs).filter(\.$plan.$id == planID).count()
        return found == Set(input.areaIDs).count ? nil : .init(field: "area_ids", message: "Select areas of the review's plan")
    }

    private func apply(_ input: ThemeInput, to theme: ReviewTheme) {
        theme.title = input.title.trimmingCharacters(in: .whitespaces)
        theme.question = input.question.trimmingCharacters(in: .whitespacesAndNewlines)
        theme.$lead.id = input.leadPersonID
    }

    private func link(_ theme: ReviewTheme, areas: [Int], on tx: any Database) async throws {
        for area in Set(areas).sorted() {
            let row = ReviewThemeArea()
            row.$theme.id = try theme.requireID()
            row.$area.id = area
            try await row.create(on: tx)
        }
    }

    private func describe(_ theme: ReviewTheme, areas: [Int]) -> [String: String] {
        ["title": theme.title, "question": theme.question, "lead_person_id": theme.$lead.id.map(String.init) ?? "",
         "area_ids": Set(areas).sorted().map(String.init).joined(separator: ",")]
    }
}
