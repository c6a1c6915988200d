import Vapor

/// GOV.UK-style error pages: say what happened and what to do next.
enum ErrorPage {
    static func render(_ req: Request, status: HTTPResponseStatus, message: String) -> HTML {
        let title: String
        let advice: HTML
        switch status.code {
        case 404:
            title = "Page not found"
            advice = "<p>If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.</p><p><a href=\"/plans\">Go to the list of plans</a></p>"
        case 403:
            title = "You cannot do this"
            advice = "<p>Ask the strategy and performance team if you think you should be able to.</p><p><a href=\"/plans\">Go to the list of plans</a></p>"
        case 503:
            title = "Sorry, the service is unavailable"
            advice = "<p>If you were saving a change, check whether it was saved once the service is back before you make it again.</p>"
        case 400..<500:
            title = "There is a problem with the request"
            advice = "<p>Go back to the previous page and try again, or <a href=\"/plans\">go to the list of plans</a>.</p>"
        default:
            title = "Sorry, there is a problem with the service"
            advice = "<p>Try again later. The problem has been logged.</p>"
        }
        let context = Layout.Context(user: req.currentUser, csrfToken: req.currentUser == nil ? nil : req.session.data["csrf"], currentPath: req.url.path)
        let reference: HTML = "<p class=\"hint\">Reference: <code>\(req.requestID)</code>. Quote it if you contact the strategy and performance team about this page.</p>"
        return Layout.page(title, context: context, "<h1>\(title)</h1><p>\(message)</p>\(advice)\(reference)")
    }
}
