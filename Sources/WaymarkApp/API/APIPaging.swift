import Vapor

/// Long lists in the API come a page at a time: `limit` and `offset` in the query, the whole
/// count in `X-Total-Count`, and the next page in a `Link: <…>; rel="next"` header. The limits
/// themselves are openapi.yaml's, checked before a handler runs (`APIRequestScope`).
struct APIPaging {
    var limit: Int
    var offset: Int

    init(limit: Int?, offset: Int?, defaultLimit: Int) {
        self.limit = limit ?? defaultLimit
        self.offset = offset ?? 0
    }

    func page<T>(_ all: [T]) -> [T] { Array(all.dropFirst(offset).prefix(limit)) }

    /// The next page's address for `shown` items of `total`, or nil on the last page. With
    /// `after` (the page's last item, when the request paged by `after`), the link carries
    /// `after` rather than an offset.
    func nextLink(_ url: URI, shown: Int, total: Int, after: Int? = nil) -> String? {
        var next = url
        let others = (next.query ?? "").split(separator: "&").filter { !$0.hasPrefix("offset=") && !$0.hasPrefix("limit=") && !$0.hasPrefix("after=") }
        if let after {
            guard shown == limit else { return nil }
            next.query = (others + ["limit=\(limit)", "after=\(after)"]).joined(separator: "&")
        } else {
            guard offset + shown < total else { return nil }
            next.query = (others + ["limit=\(limit)", "offset=\(offset + shown)"]).joined(separator: "&")
        }
        return "<\(next.string)>; rel=\"next\""
    }
}
