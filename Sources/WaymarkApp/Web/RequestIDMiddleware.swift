import Vapor

/// Every answer carries `X-Request-Id`, and error pages show it, so a person's screenshot leads
/// to the log line. A proxy's own id is kept when it is a plain token; anything else is replaced,
/// so a client cannot put what it likes into the logs.
struct RequestIDMiddleware: AsyncMiddleware {
    static let header = HTTPHeaders.Name("X-Request-Id")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = request.requestID
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: Self.header, value: id)
        return response
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// Vapor's id (from the incoming header, or a fresh UUID) when it is a plain token of up to
    /// 128 characters; otherwise a fresh UUID, which the request's log lines then carry too.
    var requestID: String {
        if let kept = storage[RequestIDKey.self] { return kept }
        let plain = !id.isEmpty && id.count <= 128 && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
        let chosen = plain ? id : UUID().uuidString
        if !plain { logger[metadataKey: "request-id"] = .string(chosen) }
        storage[RequestIDKey.self] = chosen
        return chosen
    }
}
