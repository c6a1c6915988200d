import Vapor

/// Long lists in the API come a page at a time: `limit` and `offset` in the query, the whole
/// count in `X-Total-Count`, and the next page in a `Link: <…>; rel="next"` header.
struct APIPaging {
    var limit: Int
    var offset: Int

    init(_ req: Request, defaultLimit: Int, maximum: Int) throws {
        limit = try Self.count(req, "limit", default: defaultLimit, range: 1...maximum)
        offset = try Self.count(req, "offset", default: 0, range: 0...Int.max)
    }

    func page<T>(_ all: [T]) -> [T] { Array(all.dropFirst(offset).prefix(limit)) }

    /// Adds the count and the next page's link to a response for `shown` items of `total`.
    /// With `after` (the page's last item, when the request paged by `after`), the next page's
    /// link carries `after` rather than an offset.
    func annotate(_ response: Response, req: Request, shown: Int, total: Int, after: Int? = nil) {
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        var next = req.url
        let others = (next.query ?? "").split(separator: "&").filter { !$0.hasPrefix("offset=") && !$0.hasPrefix("limit=") && !$0.hasPrefix("after=") }
        if let after {
            guard shown == limit else { return }
            next.query = (others + ["limit=\(limit)", "after=\(after)"]).joined(separator: "&")
            response.headers.replaceOrAdd(name: "Link", value: "<\(next.string)>; rel=\"next\"")
            return
        }
        guard offset + shown < total else { return }
        next.query = (others + ["limit=\(limit)", "offset=\(offset + shown)"]).joined(separator: "&")
        response.headers.replaceOrAdd(name: "Link", value: "<\(next.string)>; rel=\"next\"")
    }

    static func count(_ req: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        // `?limit=` is refused, not read as "no limit given": the caller wrote the parameter,
        // so a value it did not mean must not be served as if it had.
        guard let text = req.query[String.self, at: name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalid(name, "\"\(text)\" must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)")")
        }
        return number
    }
}
