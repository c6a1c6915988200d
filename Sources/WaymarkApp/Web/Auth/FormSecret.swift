import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The secret that signs the sign-in form's token. Made once, on first use, and kept in the
/// database, so every server sharing it accepts a form another served.
enum FormSecret {
    static let name = "form_token_key"

    static func load(into app: Application) async throws {
        let sql = app.db.sql
        let made = (0..<32).map { _ in UInt8.random(in: 0...255) }
        // Two servers starting together both insert; the first wins and both read it back.
        try await app.db.writeTransaction { tx in
            try await tx.sql.insert(into: "app_secrets").columns("name", "value")
                .values(SQLBind(name), SQLBind(Data(made).base64EncodedString()))
                .ignoringConflicts(with: ["name"])
                .run()
        }
        struct Row: Decodable { var value: String }
        guard let row = try await sql.select().column("value").from("app_secrets").where("name", .equal, name).first(decoding: Row.self),
              let bytes = Data(base64Encoded: row.value), bytes.count == 32 else {
            throw Abort(.internalServerError, reason: "The form secret could not be read.")
        }
        app.formSecretBox.withLockedValue { $0 = Array(bytes) }
    }
}

extension Application {
    private struct FormSecretKey: StorageKey { typealias Value = NIOLockedValueBox<[UInt8]?> }

    fileprivate var formSecretBox: NIOLockedValueBox<[UInt8]?> {
        if let box = storage[FormSecretKey.self] { return box }
        let box = NIOLockedValueBox<[UInt8]?>(nil)
        storage[FormSecretKey.self] = box
        return box
    }

    var formSecret: [UInt8]? { formSecretBox.withLockedValue { $0 } }
}
