/// What makes an acceptable password, and the limits on changing accounts. No I/O.
public enum PasswordPolicy {
    /// NCSC and OWASP ASVS 2.1.1 ask for at least 12 characters and no composition rules.
    public static let minimumLength = 12
    /// Bcrypt reads only the first 72 bytes; a longer password would be silently cut short.
    public static let maximumBytes = 72
    public static let maximumLength = 64

    /// Nil when the password will do; otherwise what is wrong with it, in words for the person.
    /// `account` is the sign-in email address and `name` the person's name: a password made
    /// of either is among the first an attacker who knows the person would try.
    public static func problem(with password: String, account: String, name: String = "") -> String? {
        if password.isEmpty { return "Enter a new password" }
        if password.count < minimumLength { return "Your new password must be at least \(minimumLength) characters long" }
        if password.count > maximumLength { return "Your new password must be \(maximumLength) characters or fewer" }
        if password.utf8.count > maximumBytes {
            // Accented and non-Latin letters take two to four bytes each, and bcrypt reads 72.
            return "Your new password is too long for its letters: use fewer accented or non-Latin letters, or a shorter password"
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "Your new password must not contain control characters such as tabs or line breaks"
        }
        let lowered = password.lowercased()
        if CommonPasswords.isCommon(password) || Set(lowered).count < 4 {
            return "Choose a password that is harder to guess: this one is a common password, or a common one with numbers or symbols added"
        }
        if !account.isEmpty, lowered.contains(account.lowercased()) || account.lowercased().split(separator: "@").first.map({ lowered == String($0) }) == true {
            return "Your new password must not contain your email address or user name"
        }
        let nameWords = Set(name.lowercased().split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 3 }.map(String.init))
        let passwordWords = Set(lowered.split(whereSeparator: { !$0.isLetter }).map(String.init))
        let letters = lowered.filter(\.isLetter)
        if !nameWords.isEmpty, passwordWords.isSubset(of: nameWords) || nameWords.permutations.contains(letters) {
            return "Your new password must not be your name"
        }
        return nil
    }
}

private extension Set<String> {
    /// Every order of the words run together: "lucymarsh" and "marshlucy". Names have few words.
    var permutations: Set<String> {
        guard count <= 4 else { return [sorted().joined()] }
        func orders(_ words: [String]) -> [String] {
            words.count <= 1 ? words : words.indices.flatMap { index in
                var rest = words
                let first = rest.remove(at: index)
                return orders(rest).map { first + $0 }
            }
        }
        return Set(orders(Array(self)))
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
