import Testing
@testable import WaymarkCore

@Suite struct AccountRulesTests {
    @Test(arguments: [
        ("", "Enter a new password"),
        ("short pass", "at least 12 characters"),
        (String(repeating: "abcd", count: 17), "64 characters or fewer"),
        (String(repeating: "é", count: 40), "64 characters or fewer"),  // 80 bytes: bcrypt would cut it short
        ("tab\tinside password", "control characters"),
        ("Password1234", "harder to guess"),
        ("aaaaaaaaaaaaaaaa", "harder to guess"),
        ("jo@council.gov.uk-2026", "email address"),
    ])
    func refusesWeakPasswords(password: String, message: String) {
        #expect(PasswordPolicy.problem(with: password, account: "jo@council.gov.uk")?.contains(message) == true)
    }

    @Test func acceptsALongPassphrase() {
        #expect(PasswordPolicy.problem(with: "correct horse battery staple", account: "jo@council.gov.uk") == nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "ab1-", count: 16), account: "admin") == nil)
    }

    @Test func theLastAdministratorStays() {
        #expect(!AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: false, disabling: false))
        #expect(!AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: true, disabling: true))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: true, toAdministrator: true, disabling: false))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 2, changingAnAdministrator: true, toAdministrator: false, disabling: true))
        #expect(AccountRules.leavesAnAdministrator(enabledAdministrators: 1, changingAnAdministrator: false, toAdministrator: false, disabling: true))
    }
}
