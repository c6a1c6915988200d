import Vapor

/// One-time sign-in links by email. They need a mail server and Waymark's public address: the
/// link is never built from the request's Host header, which a visitor could forge to have a
/// reset link point at their own site.
struct SignInLinkMail: Sendable {
    let mailer: SMTPClient
    let publicURL: String

    func send(_ message: SMTPClient.Message) async throws {
        try await mailer.send(message)
    }

    static func message(to user: User, token: String, purpose: SignInLink.Purpose, publicURL: String) -> SMTPClient.Message {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        let link = "\(base)/sign-in/link/\(token)"
        let opening: String
        switch purpose {
        case .newAccount: opening = "An account has been made for you on Waymark, the council's improvement plan system."
        case .reset: opening = "An administrator has reset your Waymark password."
        case .forgotten: opening = "Someone asked to reset the Waymark password for this email address. If it was not you, ignore this email: your password has not changed."
        }
        return SMTPClient.Message(to: user.email, subject: "Waymark: choose your password", body: """
            Dear \(user.displayName),

            \(opening)

            Choose your password here:
            \(link)

            The link works once, within 24 hours.

            Waymark
            """)
    }
}

extension Application {
    /// Set only when both WAYMARK_SMTP_URL and WAYMARK_PUBLIC_URL are; otherwise one-time
    /// passwords are shown on screen and "Forgotten your password?" is not offered.
    var signInLinkMail: SignInLinkMail? {
        guard let mailer, let publicURL = settings.publicURL else { return nil }
        return SignInLinkMail(mailer: mailer, publicURL: publicURL)
    }
}
