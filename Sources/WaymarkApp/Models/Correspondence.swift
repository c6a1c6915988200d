import Fluent
import Foundation

/// A dated letter or email about the Directions, sent or received, with its attachment.
final class Correspondence: Model, @unchecked Sendable {
    static let schema = "correspondence"

    enum Way: String, Codable, CaseIterable, Sendable {
        case received, sent
        var label: String { self == .received ? "Received" : "Sent" }
    }

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "dated") var dated: String
    @Field(key: "way") var way: Way
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "attachment_name") var attachmentName: String?
    @OptionalField(key: "attachment_type") var attachmentType: String?
    @OptionalField(key: "attachment") var attachment: Data?

    // relationships
    @Parent(key: "direction_id") var direction: Direction

    init() {}
}
