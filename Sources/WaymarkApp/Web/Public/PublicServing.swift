import Fluent
import NIOConcurrencyHelpers
import Vapor
import WaymarkCore

/// How the public pages are served: without the session, user or CSRF middleware (so they can
/// never show who is signed in and set no cookie), the same for everyone, drawn once per
/// publication, and cacheable by browsers and proxies with an ETag.
enum PublicServing {
    static func isPublic(_ path: String) -> Bool { path == "/public" || path.hasPrefix("/public/") }

    /// Wraps a middleware so public routes skip it, and `/metrics`, which has a token of its own
    /// and must neither start a session nor read its bearer token as an API token.
    struct ExceptPublic: Middleware {
        let inner: any Middleware
        func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            let path = request.url.path
            return isPublic(path) || path == "/metrics" || path == "/metrics/" ? next.respond(to: request) : inner.respond(to: request, chainingTo: next)
        }
    }

    /// Drawn bodies by path and version: a few hundred entries at most (a page per publication
    /// and area page), and a withdrawal or new publication changes the version.
    final class Cache: Sendable {
        /// The publications and their state, as the public pages were last told them.
        struct Register: Sendable {
            var publications: [Publication]
            var etag: String
            var modified: Date
        }

        /// How long, in seconds, a server trusts the register it last read before reading it
        /// again (`WAYMARK_PUBLIC_CACHE_SECONDS`, 2 unless set). Reading it is the one database
        /// query a public page costs; a crowd of readers then costs none, and a withdrawal or new
        /// publication shows on every server within this time.
        let freshness: Double
        private let kept = NIOLockedValueBox<(at: Date, register: Register)?>(nil)
        private let entries = NIOLockedValueBox<[String: (etag: String, body: [UInt8], type: String)]>([:])

        init(freshness: Double) {
            self.freshness = max(0, freshness)
        }

        func register(now: Date, load: () async throws -> Register) async throws -> Register {
            if freshness > 0, let last = kept.withLockedValue({ $0 }), last.at <= now, now.timeIntervalSince(last.at) < freshness {
                return last.register
            }
            let register = try await load()
            kept.withLockedValue { $0 = (now, register) }
            return register
        }
        private let contents = NIOLockedValueBox<[Int: (etag: String, content: PublicationContent)]>([:])

        /// A publication's content, read and decoded once: its etag is a digest of the content,
        /// which never changes.
        func content(_ publication: Publication, on db: any Database) async throws -> PublicationContent? {
            guard let id = publication.id else { return nil }
            if let kept = contents.withLockedValue({ $0[id] }), kept.etag == publication.etag { return kept.content }
            guard let row = try await Publication.query(on: db).filter(\.$id == id).field(\.$id).field(\.$content).first(),
                  let content = row.decoded else { return nil }
            contents.withLockedValue { contents in
                if contents.count > 200 { contents.removeAll(keepingCapacity: true) }
                contents[id] = (publication.etag, content)
            }
            return content
        }

        func response(_ req: Request, etag: String, lastModified: Date, type: String = "text/html; charset=utf-8",
                      draw: () async throws -> [UInt8]) async throws -> Response {
            let quoted = "\"\(etag)\""
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .eTag, value: quoted)
            headers.replaceOrAdd(name: .lastModified, value: Self.httpDate(lastModified))
            // A minute, so that a withdrawal reaches readers behind a proxy soon.
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
            headers.replaceOrAdd(name: .contentType, value: type)
            if type.hasPrefix("text/html") {
                headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
            }
            if req.headers.first(name: .ifNoneMatch).map({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(quoted) || $0 == "*" }) == true {
                return Response(status: .notModified, headers: headers)
            }
            let key = req.url.path + "?" + (req.url.query ?? "")
            let body: [UInt8]
            if let kept = entries.withLockedValue({ $0[key] }), kept.etag == etag {
                body = kept.body
            } else {
                body = try await draw()
                entries.withLockedValue { entries in
                    if entries.count > 2_000 { entries.removeAll(keepingCapacity: true) }
                    entries[key] = (etag, body, type)
                }
            }
            return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: body)))
        }

        static func httpDate(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return formatter.string(from: date)
        }
    }
}

extension Application {
    struct PublicCacheKey: StorageKey { typealias Value = PublicServing.Cache }
    /// Set once when routes are registered, before any request can race to create it.
    var publicCache: PublicServing.Cache { storage[PublicCacheKey.self] ?? PublicServing.Cache(freshness: settings.publicCacheSeconds) }
}
