import Fluent
import Foundation
import WaymarkCore

extension ReviewService {
    struct ActivityInput: Sendable {
        var kind = "", title = "", deadline = "", leads = "", completedOn = ""
        var version = 0
    }

    func addActivity(reviewID: Int, _ input: ActivityInput) async throws -> WriteResult<ReviewActivity> {
        try allowed()
        let (errors, parsed) = validate(input)
        guard errors.isEmpty, let parsed else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let review = try await Review.find(reviewID, on: tx) else { throw WriteRefusal.notFound("review") }
            try await RowGuards.lock("reviews", id: reviewID, on: tx)
            let last = try await ReviewActivity.query(on: tx).filter(\.$review.$id == reviewID).max(\.$position) ?? 0
            let activity = ReviewActivity()
            activity.$review.id = reviewID
            activity.position = last + 1
            apply(parsed, to: activity)
            try await activity.create(on: tx)
            try await audit("review_activity.added", "review_activity", activity.id, planID: review.$plan.id,
                            "Added \"\(activity.title)\" (\(activity.deadlineText)) to the timeline of \"\(review.title)\"", after: describe(activity), on: tx)
            return .saved(activity)
        }
    }

    /// Changes an activity's wording, date, leads or completion, if nobody has since `input.version`.
    func updateActivity(activityID: Int, _ input: ActivityInput) async throws -> WriteResult<ReviewActivity> {
        try allowed()
        let (errors, parsed) = validate(input)
        guard errors.isEmpty, let parsed else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let activity = try await ReviewActivity.find(activityID, on: tx), let review = try await Review.find(activity.$review.id, on: tx) else {
                throw WriteRefusal.notFound("timeline activity")
            }
            guard try await RowGuards.claimVersion("review_activities", id: activityID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "review_activity", id: activityID, version: activity.version, on: tx)
            }
            let before = describe(activity)
            apply(parsed, to: activity)
            activity.version = input.version + 1
            try await activity.save(on: tx)
            try await audit("review_activity.changed", "review_activity", activityID, planID: review.$plan.id, "Changed \"\(activity.title)\" in the timeline",
                            before: before, after: describe(activity), on: tx)
            return .saved(activity)
        }
    }

    private struct ParsedActivity {
        var kind: ReviewActivityKind
        var title: String
        var deadline: Deadline
        var leads: String
        var completedOn: CalendarDate?
    }

    private func validate(_ input: ActivityInput) -> ([FieldError], ParsedActivity?) {
        var errors: [FieldError] = []
        let kind = ReviewActivityKind(rawValue: input.kind)
        if kind == nil { errors.append(.init(field: "kind", message: "Select what kind of activity this is")) }
        let title = input.title.trimmingCharacters(in: .whitespaces)
        let written = input.deadline.trimmingCharacters(in: .whitespaces)
        let leads = input.leads.trimmingCharacters(in: .whitespaces)
        let completed = input.completedOn.trimmingCharacters(in: .whitespaces)
        check(title, .title, label: "Activity", field: "title", into: &errors)
        check(written, .short, label: "When", field: "deadline", into: &errors)
        check(leads, .title, label: "Lead officers", field: "leads", into: &errors)
        var deadline: Deadline?
        if written.isEmpty {
            errors.append(.init(field: "deadline", message: "Enter when, as the paper writes it, such as \"Mid July 2018\", \"19-22 June 2018\" or \"TBC\""))
        } else if TextLimit.short.problem(written, label: "When") == nil {
            do { deadline = try Deadline(parsing: written) } catch {
                errors.append(.init(field: "deadline", message: "Waymark \(error.description); write it such as \"Mid July 2018\", \"19-22 June 2018\" or \"Aug-Sept 2018\""))
            }
        }
        var completedOn: CalendarDate?
        if !completed.isEmpty {
            completedOn = CalendarDate(iso: completed)
            if completedOn == nil { errors.append(.init(field: "completed_on", message: "The date it was done must be a real date")) }
        }
        guard errors.isEmpty, let kind, let deadline else { return (errors, nil) }
        return ([], ParsedActivity(kind: kind, title: title.isEmpty ? kind.label : title, deadline: deadline, leads: leads, completedOn: completedOn))
    }

    private func apply(_ parsed: ParsedActivity, to activity: ReviewActivity) {
        activity.kind = parsed.kind
        activity.title = parsed.title
        activity.deadlineText = parsed.deadline.written.trimmingCharacters(in: .whitespaces)
        activity.leads = parsed.leads
        activity.completedOn = parsed.completedOn?.iso
    }

    private func describe(_ activity: ReviewActivity) -> [String: String] {
        ["kind": activity.kind.rawValue, "title": activity.title, "deadline": activity.deadlineText, "leads": activity.leads,
         "completed_on": activity.completedOn ?? ""]
    }
}
