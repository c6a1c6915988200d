import Fluent
import Vapor
import WaymarkCore

/// The page frame every screen shares: skip link, header, navigation, main content.
enum Layout {
    struct Context {
        var user: User?
        var csrfToken: String?
        var currentPath: String = "/"
        var idleSeconds: Double?
        /// How long the server keeps the session from now without another request.
        var sessionRemaining: Double?
    }

    /// `tablesWrapped` says the content's tables already sit in their scrolling regions, for a
    /// page drawn once and kept (a Board pack of hundreds of rows), so they are not searched again.
    static func page(_ title: String, context: Context, errors: [FieldError] = [], tablesWrapped: Bool = false, _ content: HTML) -> HTML {
        let pageTitle = (errors.isEmpty ? "" : "Error: ") + title + " – Waymark"
        return """
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(pageTitle)</title>
        <link rel="stylesheet" href="\(Assets.stylesheetFile.url)">
        <script src="\(Assets.scriptFile.url)"></script>
        \(sessionScript(context))
        </head>
        <body>
        <a href="#main-content" class="skip-link">Skip to main content</a>
        <header class="header" role="banner">
          <div class="width-container header__inner">
            <a href="/" class="header__name">Waymark</a>
            \(context.user == nil ? HTML("") : HTML("<button type=\"button\" class=\"header__menu-button\" aria-controls=\"navigation\">Menu</button>"))
            \(navigation(context))
          </div>
        </header>
        <div class="width-container">
        <main class="main" id="main-content" role="main">
        \(errors.isEmpty ? HTML("") : errorSummary(errors))
        \(tablesWrapped ? content : scrollingTables(content))
        </main>
        </div>
        <footer class="footer" role="contentinfo"><div class="width-container">Waymark: improvement plans, milestones and Board reporting.</div></footer>
        </body>
        </html>
        """
    }

    /// Signed in, the page knows how long the session lasts without activity, so it can warn
    /// before it ends (`SessionTimeoutScript`); signed out, the script only keeps interrupted typing.
    static func sessionScript(_ context: Context) -> HTML {
        guard context.user != nil, let token = context.csrfToken, let idle = context.idleSeconds, let remaining = context.sessionRemaining else {
            return "<script src=\"\(Assets.sessionScriptFile.url)\" defer></script>"
        }
        return """
        <meta name="waymark-session" data-idle="\(Int(idle))" data-remaining="\(Int(remaining))" data-csrf="\(token)"><script src="\(Assets.sessionScriptFile.url)" defer></script>
        """
    }

    static func navigation(_ context: Context) -> HTML {
        guard let user = context.user else { return "" }
        var links: [(String, String)] = [("/plans", "Plans"), ("/my-milestones", "My milestones"), ("/boards", "Boards"), ("/directions", "Directions"), ("/reviews", "Reviews")]
        // A reviewer's account opens one review and its plan, which the review's page links to.
        if user.role == .reviewer { links = [("/reviews/\(user.$review.id ?? 0)", "The review")] }
        if user.access.may(.editStructure) { links.append(("/import", "Import")) }
        if user.access.may(.managePeople) { links.append(("/people", "Lead officers")) }
        if user.access.may(.manageUsers) { links.append(("/admin/users", "Users")) }
        if user.access.may(.editSettings) { links.append(("/admin/settings", "Settings")) }
        if user.access.may(.viewAudit) { links.append(("/admin/audit", "Audit trail")); links.append(("/admin/outbox", "Outbox")) }
        links.append(("/account", "Your account"))
        let items = links.map { href, label -> HTML in
            let current = context.currentPath.hasPrefix(href)
            return "<li><a href=\"\(href)\"\(current ? HTML(" aria-current=\"page\"") : "")>\(label)</a></li>"
        }
        return """
        <nav aria-label="Main" class="header__navigation"><ul class="header__nav" id="navigation">\(items)
          <li class="header__user">\(user.displayName) (\(user.role.label))</li>
          <li><form method="post" action="/sign-out" class="inline-form">\(csrfField(context.csrfToken))<button type="submit" class="link-button">Sign out</button></form></li>
        </ul></nav>
        """
    }

    /// Puts every table in a scrolling region of its own, named by the table's caption (or, with
    /// none, by the heading before it) and reachable with the keyboard, so that on a small screen a
    /// wide table scrolls within the page rather than the whole page scrolling sideways (WCAG 1.4.10).
    /// Only the pages' own code can write `<table`: text from people and files is escaped.
    static func scrollingTables(_ content: HTML) -> HTML {
        let marker = "<table class=\"table"
        let pieces = content.rendered.components(separatedBy: marker)
        guard pieces.count > 1 else { return content }
        var output = pieces[0]
        for (index, piece) in pieces.dropFirst().enumerated() {
            let rest = marker + piece
            guard !endsWithScrollingRegion(output), let end = rest.range(of: "</table>") else {
                output += rest
                continue
            }
            var table = String(rest[..<end.upperBound])
            let label: String
            if let caption = table.range(of: "<caption"), let tagEnd = table.range(of: ">", range: caption.upperBound..<table.endIndex) {
                let existing = attribute("id", in: table[caption.upperBound..<tagEnd.lowerBound])
                let id = existing ?? "table-caption-\(index + 1)"
                if existing == nil { table.insert(contentsOf: " id=\"\(id)\"", at: caption.upperBound) }
                label = "aria-labelledby=\"\(id)\""
            } else {
                label = "aria-label=\"\(lastHeading(in: output) ?? "Table")\""
            }
            output += "<div class=\"table-scroll\" role=\"region\" \(label) tabindex=\"0\">" + table + "</div>" + rest[end.upperBound...]
        }
        return HTML(unsafe: output)
    }

    /// Whether the page so far ends with the opening tag of a table's scrolling region.
    private static func endsWithScrollingRegion(_ html: String) -> Bool {
        guard let open = html.range(of: "<div class=\"table-scroll\"", options: .backwards),
              let close = html.range(of: ">", range: open.upperBound..<html.endIndex) else { return false }
        return html[close.upperBound...].allSatisfy(\.isWhitespace)
    }

    /// The value of an attribute written `name="value"` in an opening tag's attributes.
    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: " \(name)=\""), let end = tag.range(of: "\"", range: start.upperBound..<tag.endIndex) else { return nil }
        return String(tag[start.upperBound..<end.lowerBound])
    }

    /// The text of the last h2 or h3 in the page so far, as HTML text fit for an attribute.
    private static func lastHeading(in html: String) -> String? {
        let h2 = html.range(of: "<h2", options: .backwards), h3 = html.range(of: "<h3", options: .backwards)
        guard let start = [h2, h3].compactMap({ $0 }).max(by: { $0.lowerBound < $1.lowerBound }),
              let open = html.range(of: ">", range: start.upperBound..<html.endIndex),
              let close = html.range(of: "</h", range: open.upperBound..<html.endIndex) else { return nil }
        var text = "", inTag = false
        for character in html[open.upperBound..<close.lowerBound] {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character == "\"" ? "'" : character) }
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func csrfField(_ token: String?) -> HTML {
        guard let token else { return "" }
        return "<input type=\"hidden\" name=\"csrf_token\" value=\"\(token)\">"
    }

    /// The GOV.UK error summary: a list of links to each field with a problem, focused on load.
    static func errorSummary(_ errors: [FieldError]) -> HTML {
        let items = errors.map { "<li><a href=\"#\($0.field)\">\($0.message)</a></li>" as HTML }
        return """
        <div class="error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1" data-module="error-summary">
          <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
          <ul class="error-summary__list">\(items)</ul>
        </div>
        """
    }

    static func statusTag(_ label: String, key: String) -> HTML {
        "<strong class=\"tag tag--\(key)\">\(label)</strong>"
    }

    static func breadcrumbs(_ trail: [(String, String)]) -> HTML {
        let items = trail.map { "<li><a href=\"\($0.0)\">\($0.1)</a></li>" as HTML }
        return "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol>\(items)</ol></nav>"
    }
}

/// A problem with one form field, shown in the error summary and beside the field.
struct FieldError: Sendable, Equatable {
    var field: String
    var message: String
}

extension Request {
    /// The record a route parameter names, or the "page not found" page.
    func find<M: Model>(_ type: M.Type, _ parameter: String) async throws -> M where M.IDValue == Int {
        guard let id = parameters.get(parameter).flatMap(Int.init), let found = try await M.find(id, on: db) else {
            throw Abort(.notFound)
        }
        return found
    }
}
