import Vapor

/// Security events, for whoever watches the server's log (OWASP ASVS V7.2): sign-ins that
/// succeed, fail or are held back, wrong two-step codes, and refused requests. Each line starts
/// "security:" and carries the account name, the address and the path; never a password, code,
/// token or session key.
enum SecurityLog {
    static func event(_ what: String, _ request: Request, account: String? = nil, level: Logger.Level = .notice) {
        var metadata: Logger.Metadata = ["address": .string(request.remoteAddress?.ipAddress ?? "unknown"), "path": .string(request.url.path)]
        if let account { metadata["account"] = .string(account) }
        if let user = request.currentUser { metadata["user"] = .string(user.email) }
        request.logger.log(level: level, "security: \(what)", metadata: metadata)
    }
}
