import Fluent
import Foundation

/// An email asking a lead officer for their updates. Kept whether or not it could be sent, so
/// the outbox shows what went, what is waiting for a mail server, and what failed.
final class Reminder: Model, @unchecked Sendable {
    static let schema = "reminders"

    enum Occasion: String, Codable, Sendable {
        case opening, closing
        var label: String { self == .opening ? "Period opened" : "A week before the period ends" }
    }

    enum State: String, Codable, Sendable {
        /// Handed to the mail server.
        case sent
        /// No mail server is configured, or the lead officer has no email address.
        case outbox
        /// The mail server refused it or could not be reached; tried again on the next run.
        case failed
        /// A server has claimed it and is handing it to the mail server now.
        case sending
    }

    // managed fields
    @ID(custom: "id") var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "occasion") var occasion: Occasion
    @OptionalField(key: "address") var address: String?
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "state") var state: State
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// Seconds since 1970 when a server claimed it for sending.
    @OptionalField(key: "claimed_at") var claimedAt: Double?

    // relationships
    @Parent(key: "period_id") var period: PlanReportingPeriod
    @Parent(key: "person_id") var person: Person

    init() {}
}
