import Fluent
import Foundation

/// A body the programme reports to: the Best Value Improvement Board, Cabinet, Overview & Scrutiny.
final class Board: Model, @unchecked Sendable {
    static let schema = "boards"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case improvementBoard = "improvement_board", cabinet, scrutiny, other

        var label: String {
            switch self {
            case .improvementBoard: "Improvement board"
            case .cabinet: "Cabinet"
            case .scrutiny: "Overview and scrutiny"
            case .other: "Other"
            }
        }
    }

    // managed fields
    @ID(custom: "id") var id: Int?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "chair") var chair: String
    /// One name per line.
    @Field(key: "members") var members: String
    @Field(key: "external_representatives") var externalRepresentatives: String

    init() {}
}
