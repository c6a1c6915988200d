import Fluent
import Foundation
import WaymarkCore

/// Records the Directions in force, the submissions they require and the correspondence about
/// them. Each write is validated, transactional and audited like every other.
struct DirectionsService {
    let db: any Database
    let user: User

    struct DirectionInput: Sendable { var title = "", givenOn = "", expiresOn = "", requirements = "", planID: Int? }
    struct SubmissionInput: Sendable { var title = "", dueOn = "", notes = "" }
    struct Made: Sendable { var submittedOn = "", periodID: Int? }
    struct Letter: Sendable {
        var dated = "", way = "", title = "", summary = ""
        var attachment: (name: String, type: String, data: Data)?
    }

    private func allowed() throws { guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden() } }

    /// Adds the problem, if any, with `text` as `limit`'s kind of text: too long, or (for a title)
    /// not one line.
    private func check(_ text: String, _ limit: TextLimit, label: String, field: String, into errors: inout [FieldError]) {
        if let problem = limit.problem(text, label: label) { errors.append(.init(field: field, message: problem)) }
    }

    private func day(_ text: String, field: String, label: String, required: Bool, into errors: inout [FieldError]) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { errors.append(.init(field: field, message: "Enter \(label)")) }
            return nil
        }
        guard let date = CalendarDate(iso: trimmed) else {
            errors.append(.init(field: field, message: "\(label.prefix(1).uppercased() + label.dropFirst()) must be a real date"))
            return nil
        }
        return date
    }

    private func audit(_ action: String, _ entity: String, _ id: Int?, planID: Int?, _ summary: String, after: [String: String], on tx: any Database) async throws {
        try await AuditLog.record(.init(actor: AuditLog.actor(user), action: action, entity: entity, entityID: id, planID: planID,
                                        summary: summary, after: AuditLog.json(after)), on: tx)
    }

    func createDirection(_ input: DirectionInput) async throws -> WriteResult<Direction> {
        try allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter a title for the Directions")) }
        check(title, .title, label: "The Directions' title", field: "title", into: &errors)
        check(input.requirements, .text, label: "Requirements", field: "requirements", into: &errors)
        let given = day(input.givenOn, field: "given_on", label: "the date the Directions were given", required: true, into: &errors)
        let expires = day(input.expiresOn, field: "expires_on", label: "the expiry date", required: false, into: &errors)
        if let given, let expires, expires < given { errors.append(.init(field: "expires_on", message: "The expiry date must be after the date the Directions were given")) }
        guard errors.isEmpty, let given else { return .invalid(errors) }
        let direction = Direction()
        direction.title = title
        direction.givenOn = given.iso
        direction.expiresOn = expires?.iso
        direction.requirements = input.requirements.trimmingCharacters(in: .whitespacesAndNewlines)
        direction.$plan.id = input.planID
        try await db.writeTransaction { tx in
            try await direction.create(on: tx)
            try await audit("direction.recorded", "direction", direction.id, planID: input.planID, "Recorded the Directions \"\(title)\" given on \(given.display)",
                            after: ["given_on": given.iso, "expires_on": expires?.iso ?? ""], on: tx)
        }
        return .saved(direction)
    }

    func addSubmission(directionID: Int, _ input: SubmissionInput) async throws -> WriteResult<Void> {
        try allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter what is to be submitted")) }
        check(title, .title, label: "What is to be submitted", field: "title", into: &errors)
        check(input.notes, .text, label: "Notes", field: "notes", into: &errors)
        let due = day(input.dueOn, field: "due_on", label: "the date it is due", required: true, into: &errors)
        guard errors.isEmpty, let due else { return .invalid(errors) }
        try await db.writeTransaction { tx in
            guard let direction = try await Direction.find(directionID, on: tx) else { throw WriteRefusal.notFound(saying: "The Directions no longer exist") }
            let submission = Submission()
            submission.$direction.id = directionID
            submission.title = title
            submission.dueOn = due.iso
            submission.notes = input.notes.trimmingCharacters(in: .whitespacesAndNewlines)
            try await submission.create(on: tx)
            try await audit("submission.due", "submission", submission.id, planID: direction.$plan.id, "\(title) is due on \(due.display)", after: ["due_on": due.iso], on: tx)
        }
        return .saved
    }

    func recordMade(submissionID: Int, _ made: Made) async throws -> WriteResult<Void> {
        try allowed()
        var errors: [FieldError] = []
        let on = day(made.submittedOn, field: "submitted_on", label: "the date it was submitted", required: true, into: &errors)
        guard errors.isEmpty, let on else { return .invalid(errors) }
        try await db.writeTransaction { tx in
            guard let submission = try await Submission.find(submissionID, on: tx), let direction = try await Direction.find(submission.$direction.id, on: tx) else {
                throw WriteRefusal.notFound("submission")
            }
            var period: PlanReportingPeriod?
            if let id = made.periodID { period = try await PlanReportingPeriod.find(id, on: tx) }
            submission.submittedOn = on.iso
            submission.$period.id = period?.id
            try await submission.save(on: tx)
            try await audit("submission.made", "submission", submissionID, planID: period?.$plan.id ?? direction.$plan.id,
                            "Submitted \(submission.title) on \(on.display)\(period.map { " with the \($0.label) report" } ?? "")",
                            after: ["submitted_on": on.iso, "period_id": period?.id.map(String.init) ?? ""], on: tx)
        }
        return .saved
    }

    func addCorrespondence(directionID: Int, _ letter: Letter) async throws -> WriteResult<Void> {
        try allowed()
        var errors: [FieldError] = []
        let dated = day(letter.dated, field: "dated", label: "the date of the letter", required: true, into: &errors)
        let way = Correspondence.Way(rawValue: letter.way)
        if way == nil { errors.append(.init(field: "way", message: "Select whether it was received or sent")) }
        let title = letter.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter a title, such as \"Minded to\" letter")) }
        check(title, .title, label: "The letter's title", field: "title", into: &errors)
        check(letter.summary, .text, label: "Summary", field: "summary", into: &errors)
        // The attachment is told by its content, within the size and kinds `AttachmentPolicy`
        // allows; the type the browser claimed is not kept, and the name loses any folder.
        var attachment: (name: String, type: String, data: Data)?
        if let sent = letter.attachment {
            if let problem = TextLimit.title.problem(AttachmentPolicy.storedName(sent.name), label: "The attachment's file name") {
                errors.append(.init(field: "attachment", message: problem))
            } else {
                switch AttachmentPolicy.check(name: sent.name, data: sent.data) {
                case .success(let accepted): attachment = (accepted.name, accepted.kind.contentType, sent.data)
                case .failure(let refusal): errors.append(.init(field: "attachment", message: refusal.message))
                }
            }
        }
        guard errors.isEmpty, let dated, let way else { return .invalid(errors) }
        let stored = attachment
        try await db.writeTransaction { tx in
            guard let direction = try await Direction.find(directionID, on: tx) else { throw WriteRefusal.notFound(saying: "The Directions no longer exist") }
            let entry = Correspondence()
            entry.$direction.id = directionID
            entry.dated = dated.iso
            entry.way = way
            entry.title = title
            entry.summary = letter.summary.trimmingCharacters(in: .whitespacesAndNewlines)
            entry.attachmentName = stored?.name
            entry.attachmentType = stored?.type
            entry.attachment = stored?.data
            try await entry.create(on: tx)
            try await audit("correspondence.recorded", "correspondence", entry.id, planID: direction.$plan.id,
                            "\(way.label) \"\(title)\" dated \(dated.display)\(stored.map { ", with \($0.name)" } ?? "")",
                            after: ["dated": dated.iso, "way": way.rawValue, "attachment": stored?.name ?? ""], on: tx)
        }
        return .saved
    }
}
