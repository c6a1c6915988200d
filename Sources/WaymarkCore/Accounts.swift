/// What makes an acceptable password, and the limits on changing accounts. No I/O.
public enum PasswordPolicy {
    /// NCSC and OWASP ASVS 2.1.1 ask for at least 12 characters and no composition rules.
    public static let minimumLength = 12
    /// Bcrypt reads only the first 72 bytes; a longer password would be silently cut short.
    public static let maximumBytes = 72
    public static let maximumLength = 64

    /// Passwords that guessing programs try first; checked whole and case-insensitively.
    static let common: Set<String> = [
        "password1234", "password12345", "passwordpassword", "123456789012", "1234567890123", "qwertyuiopas",
        "qwerty123456", "letmein12345", "welcome12345", "iloveyou1234", "abc123abc123", "changeme1234",
        "administrator", "waymarkwaymark", "council12345", "password123!",
    ]

    /// Nil when the password will do; otherwise what is wrong with it, in words for the person.
    public static func problem(with password: String, account: String) -> String? {
        if password.isEmpty { return "Enter a new password" }
        if password.count < minimumLength { return "Your new password must be at least \(minimumLength) characters long" }
        if password.count > maximumLength || password.utf8.count > maximumBytes {
            return "Your new password must be \(maximumLength) characters or fewer"
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "Your new password must not contain control characters such as tabs or line breaks"
        }
        let lowered = password.lowercased()
        if common.contains(lowered) || Set(lowered).count < 4 { return "Choose a password that is harder to guess" }
        if !account.isEmpty, lowered.contains(account.lowercased()) || account.lowercased().split(separator: "@").first.map({ lowered == String($0) }) == true {
            return "Your new password must not contain your email address or user name"
        }
        return nil
    }
}

/// The rules for changing who can do what.
public enum AccountRules {
    /// Somebody must always be able to manage accounts, so the last enabled administrator cannot
    /// be disabled or given another role.
    public static func leavesAnAdministrator(enabledAdministrators: Int, changingAnAdministrator: Bool, toAdministrator: Bool, disabling: Bool) -> Bool {
        guard changingAnAdministrator, disabling || !toAdministrator else { return true }
        return enabledAdministrators > 1
    }

    /// One-time sign-in links sent by email work for this long.
    public static let signInLinkLifetimeSeconds: Double = 24 * 3600
}
