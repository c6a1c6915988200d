import Testing
@testable import WaymarkCore

@Suite struct AccountRulesTests {
    @Test(arguments: [
        ("", "Enter a new password"),
        ("short pass", "at least 12 characters"),
        (String(repeating: "abcd", count: 17), "64 characters or fewer"),
        (String(repeating: "é", count: 40), "too long for its letters"),  // 80 bytes: bcrypt would cut it short
        ("tab\tinside password", "control characters"),
        ("Password1234", "harder to guess"),
        ("aaaaaaaaaaaaaaaa", "harder to guess"),
        ("jo@council.gov.uk-2026", "email address"),
        ("football2024!", "harder to guess"),       // a listed password with digits and a symbol added
        ("1234sunshine99", "harder to guess"),
        ("liverpool1892", "harder to guess"),
        ("abcabcabcabc", "harder to guess"),        // a short piece said again and again
        ("passwordpassword", "harder to guess"),
        ("councilcouncil", "harder to guess"),
    ])
    func refusesWeakPasswords(password: String, message: String) {
        #expect(PasswordPolicy.problem(with: password, account: "jo@council.gov.uk")?.contains(message) == true)
    }

    @Test func acceptsALongPassphrase() {
        #expect(PasswordPolicy.problem(with: "correct horse battery staple", account: "jo@council.gov.uk") == nil)
        #expect(PasswordPolicy.problem(with: "Tuesday kettles sing off-key at dawn, 64 chars long exactly ok", account: "admin") == nil)
    }

    /// NCSC asks for a deny-list of common and breached passwords; the shipped one is zxcvbn's
    /// 30,000 (MIT), whole. Every listed password of the allowed length is refused.
    @Test func theDenyListIsTheWholePublishedList() {
        #expect(CommonPasswords.count >= 30_000)
        let longOnes = CommonPasswords.listed.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init).filter { $0.count >= PasswordPolicy.minimumLength }
        #expect(longOnes.count > 200)
        let accepted = longOnes.filter { PasswordPolicy.problem(with: $0, account: "jo@council.gov.uk") == nil }
        #expect(accepted.isEmpty, "listed passwords accepted: \(accepted.prefix(5))")
        #expect(PasswordPolicy.problem(with: "PASSWORD1234", account: "jo@council.gov.uk") != nil)  // case does not help
    }

    @Test(arguments: ["lucymarsh2026!", "Lucy.Marsh.1990", "marsh-lucy-2026"])
    func refusesThePersonsName(password: String) {
        #expect(PasswordPolicy.problem(with: password, account: "lm@council.gov.uk", name: "Lucy Marsh")?.contains("your name") == true)
    }

    @Test func aNameInsideAPassphraseIsAllowed() {
        #expect(PasswordPolicy.problem(with: "lucy walks the long way to the river", account: "lm@council.gov.uk", name: "Lucy Marsh") == nil)
    }

    @Test func theLastAdministratorStays() {
        #expect(!AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: false, disabling: false))
        #expect(!AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: true, disabling: true))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: true, disabling: false))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 2, changingAnAdministrator: true, toAdministrator: false, disabling: true))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: false, toAdministrator: false, disabling: true))
    }
}
