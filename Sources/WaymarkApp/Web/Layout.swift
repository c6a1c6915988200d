import Fluent
import Vapor
import WaymarkCore

/// The page frame every screen shares: skip link, header, navigation, main content.
enum Layout {
    struct Context {
        var user: User?
        var csrfToken: String?
        var currentPath: String = "/"
    }

    static func page(_ title: String, context: Context, errors: [FieldError] = [], _ content: HTML) -> HTML {
        let pageTitle = (errors.isEmpty ? "" : "Error: ") + title + " – Waymark"
        return """
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(pageTitle)</title>
        <link rel="stylesheet" href="/assets/waymark.css">
        </head>
        <body>
        <a href="#main-content" class="skip-link">Skip to main content</a>
        <header class="header" role="banner">
          <div class="width-container header__inner">
            <a href="/" class="header__name">Waymark</a>
            \(navigation(context))
          </div>
        </header>
        <div class="width-container">
        <main class="main" id="main-content" role="main">
        \(errors.isEmpty ? HTML("") : errorSummary(errors))
        \(content)
        </main>
        </div>
        <footer class="footer" role="contentinfo"><div class="width-container">Waymark: improvement plans, milestones and Board reporting.</div></footer>
        </body>
        </html>
        """
    }

    static func navigation(_ context: Context) -> HTML {
        guard let user = context.user else { return "" }
        var links: [(String, String)] = [("/plans", "Plans"), ("/my-milestones", "My milestones"), ("/boards", "Boards"), ("/directions", "Directions")]
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
        <nav aria-label="Main"><ul class="header__nav">\(items)
          <li class="header__user">\(user.displayName) (\(user.role.label))</li>
          <li><form method="post" action="/sign-out" class="inline-form">\(csrfField(context.csrfToken))<button type="submit" class="link-button">Sign out</button></form></li>
        </ul></nav>
        """
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
