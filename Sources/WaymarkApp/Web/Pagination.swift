import Foundation

/// GOV.UK's pagination: previous and next, the first and last pages, the current one with its
/// neighbours, and an ellipsis for the pages between, so a 200-page list is a short row of links.
enum Pagination {
    /// One of a URL's query parameters, decoded.
    struct Parameter: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The URL's query parameters other than `page`, to keep on the page links.
    static func kept(_ query: String?) -> [Parameter] {
        (query ?? "").split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first?.removingPercentEncoding, name != "page" else { return nil }
            return Parameter(name: name, value: (parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ") : "").removingPercentEncoding ?? "")
        }
    }

    /// `query` holds the page's other parameters (filters), kept on every link.
    static func links(page: Int, of pages: Int, path: String, query: [(String, String)] = [], label: String) -> HTML {
        guard pages > 1 else { return "" }
        func href(_ number: Int) -> String {
            var components = URLComponents()
            components.queryItems = query.filter { $0.0 != "page" }.map { URLQueryItem(name: $0.0, value: $0.1) } + [URLQueryItem(name: "page", value: String(number))]
            return path + "?" + (components.percentEncodedQuery ?? "")
        }
        let shown = Set([1, pages, page - 1, page, page + 1].filter { (1...pages).contains($0) }).sorted()
        var items: [HTML] = []
        for (index, number) in shown.enumerated() {
            if index > 0, number - shown[index - 1] > 1 { items.append("<li class=\"pagination__item pagination__item--ellipses\" aria-hidden=\"true\">&ctdot;</li>") }
            items.append(number == page
                ? "<li class=\"pagination__item pagination__item--current\"><a href=\"\(href(number))\" aria-label=\"Page \(number)\" aria-current=\"page\">\(number)</a></li>"
                : "<li class=\"pagination__item\"><a href=\"\(href(number))\" aria-label=\"Page \(number)\">\(number)</a></li>")
        }
        return """
        <nav class="pagination" aria-label="\(label)">
        \(page > 1 ? HTML("<a class=\"pagination__prev\" href=\"\(href(page - 1))\" rel=\"prev\">Previous<span class=\"visually-hidden\"> page</span></a>") : "")
        <ul class="pagination__list">\(items)</ul>
        \(page < pages ? HTML("<a class=\"pagination__next\" href=\"\(href(page + 1))\" rel=\"next\">Next<span class=\"visually-hidden\"> page</span></a>") : "")
        </nav>
        """
    }
}
