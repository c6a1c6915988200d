import Fluent
import Vapor

/// Why a service refused a write, whoever asked: a page, the API or a command. Each kind has a
/// stable code for the API. A stale version is not a refusal: it is a `.conflict` result.
public struct WriteRefusal: PlainError, Equatable {
    enum Kind: String, Sendable {
        case forbidden
        case notFound = "not_found"
        case withdrawn
        case duplicate = "already_exists"
        case planClosed = "plan_closed"
    }

    let kind: Kind
    let message: String

    public var description: String { message }
    var code: String { kind.rawValue }

    var status: HTTPResponseStatus {
        switch kind {
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .withdrawn, .duplicate, .planClosed: .conflict
        }
    }

    static func forbidden(_ message: String = "Your account cannot do this") -> Self { .init(kind: .forbidden, message: message) }

    /// A row that disappeared while the request was on its way, deleted by someone else.
    static func notFound(_ thing: String) -> Self { .init(kind: .notFound, message: "The \(thing) no longer exists") }

    /// Nothing answers to what was asked for, in the words given.
    static func notFound(saying message: String) -> Self { .init(kind: .notFound, message: message) }

    /// Two people made the same thing at the same moment; the database's unique index let one in.
    static func duplicate() -> Self {
        .init(kind: .duplicate, message: "Someone else has just saved the same thing. Reload the page to see it.")
    }

    /// A plan closed with a successor keeps its milestones as they were; its work goes on there.
    static func planClosed(_ title: String) -> Self {
        .init(kind: .planClosed, message: "\(title) is closed: its milestones stay as they were when it closed, and its open work continues in its successor plan")
    }

    /// Refuses, inside the caller's transaction, a change to the milestones of a closed plan.
    static func requireOpen(planID: Int, on db: any Database) async throws {
        guard let plan = try await Plan.find(planID, on: db), plan.state == .closed else { return }
        throw planClosed(plan.title)
    }

    static func withdrawn() -> Self {
        .init(kind: .withdrawn, message: "This milestone has been withdrawn, so it takes no updates")
    }
}
