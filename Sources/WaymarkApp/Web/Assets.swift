import Vapor

/// The stylesheet and the two small scripts. They are real files under Web/Assets, compiled into
/// the binary (SwiftPM's embedInCode), so Waymark serves the same look from any working folder.
/// Pages link to them by an address holding a hash of their content, served with a year's cache
/// lifetime: a new release changes the address, so a browser never keeps an old copy. The plain
/// addresses still answer, revalidated each time, for a page saved before a release.
enum Assets {
    struct Asset: Sendable {
        var name: String
        var ext: String
        var type: HTTPMediaType
        var bytes: [UInt8]
        /// The first 12 hex digits of the content's SHA-256.
        var hash: String

        init(name: String, ext: String, type: HTTPMediaType, bytes: [UInt8]) {
            (self.name, self.ext, self.type, self.bytes) = (name, ext, type, bytes)
            hash = String(SHA256.hash(data: bytes).hex.prefix(12))
        }

        /// The address pages link to.
        var url: String { "/assets/\(name).\(hash).\(ext)" }
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    static let stylesheetFile = Asset(name: "waymark", ext: "css", type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]),
                                      bytes: PackageResources.waymark_css)
    static let scriptFile = Asset(name: "waymark", ext: "js", type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
                                  bytes: PackageResources.waymark_js)
    static let sessionScriptFile = Asset(name: "session", ext: "js", type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
                                         bytes: PackageResources.session_js)
    static let all = [stylesheetFile, scriptFile, sessionScriptFile]

    /// The stylesheet's text, for documents saved as files (the Board pack), which carry it inline.
    static var stylesheet: String { stylesheetFile.text }

    static func register(on routes: any RoutesBuilder) {
        for asset in all {
            routes.get("assets", "\(asset.name).\(asset.ext)") { req -> Response in
                serve(asset, to: req, cache: "no-cache")
            }
            routes.get("assets", "\(asset.name).\(asset.hash).\(asset.ext)") { req -> Response in
                serve(asset, to: req, cache: "public, max-age=31536000, immutable")
            }
        }
    }

    private static func serve(_ asset: Asset, to req: Request, cache: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = asset.type
        headers.replaceOrAdd(name: .cacheControl, value: cache)
        headers.replaceOrAdd(name: .eTag, value: "\"\(asset.hash)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        if req.headers.first(name: .ifNoneMatch) == "\"\(asset.hash)\"" {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(data: Data(asset.bytes)))
    }
}
