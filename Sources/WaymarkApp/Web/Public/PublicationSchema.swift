import Vapor
import WaymarkAPI

/// The documented schema of a publication's JSON (JSON Schema, draft 2020-12), served beside it
/// and named in the catalogue, so re-users know what each field holds.
enum PublicationSchema {
    static let path = "/public/publication.schema.json"

    /// The Publication schema of openapi.yaml, standalone; described once, there.
    static var json: String { APIDocument.publicationSchema }
    /// Changes whenever the schema does, so a cache never keeps an old one.
    static let etag = "publication-schema-" + SHA256.hash(data: Data(APIDocument.publicationSchema.utf8)).hex.prefix(16)

    @Sendable static func serve(req: Request) async throws -> Response {
        try await req.application.publicCache.response(req, etag: etag, lastModified: Date(timeIntervalSince1970: 1_764_633_600),
                                                       type: "application/schema+json") { Array(json.utf8) }
    }
}
