import Fluent
import Vapor

/// Notes each view and download of evidence by a reviewer, so the performance team sees who
/// read what. The log is its own record: it is not written to the audit trail, which is for
/// changes to the programme.
enum EvidenceReadLog {
    static func record(_ req: Request, documentID: Int, version: Int?) async throws {
        guard let user = req.currentUser, user.role == .reviewer else { return }
        let read = EvidenceRead()
        read.$document.id = documentID
        read.versionNumber = version
        read.$user.id = user.id
        read.reader = "\(user.displayName) (\(user.email))"
        read.action = version == nil ? .viewed : .downloaded
        read.at = req.application.now()
        try await req.db.writeTransaction { tx in try await read.create(on: tx) }
    }
}
