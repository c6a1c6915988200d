import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// RFC 6238's own test vectors (Appendix B), and the base32 form apps take the secret in.
@Suite struct TOTPTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test(arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ])
    func rfc6238Vectors(time: Double, sha1: String, sha256: String, sha512: String) {
        let at = Date(timeIntervalSince1970: time)
        #expect(TOTP(secret: Self.sha1Seed, digits: 8, algorithm: .sha1).code(at: at) == sha1)
        #expect(TOTP(secret: Self.sha256Seed, digits: 8, algorithm: .sha256).code(at: at) == sha256)
        #expect(TOTP(secret: Self.sha512Seed, digits: 8, algorithm: .sha512).code(at: at) == sha512)
    }

    @Test func aCodeIsAcceptedOneStepEitherSideAndNoFurther() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.counter(at: now)
        #expect(totp.matchingCounter(totp.code(counter: step), at: now) == step)
        #expect(totp.matchingCounter(totp.code(counter: step - 1), at: now) == step - 1)
        #expect(totp.matchingCounter(totp.code(counter: step + 1), at: now) == step + 1)
        #expect(totp.matchingCounter(totp.code(counter: step - 2), at: now) == nil)
        #expect(totp.matchingCounter(totp.code(counter: step + 2), at: now) == nil)
        let spaced = totp.code(counter: step).enumerated().map { $0.offset == 3 ? " \($0.element)" : String($0.element) }.joined()
        #expect(totp.matchingCounter(spaced, at: now) == step)
        for junk in ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "05047l", "0504711"] { #expect(totp.matchingCounter(junk, at: now) == nil) }
    }

    @Test func base32RoundTripsAndForgivesHowPeopleCopyIt() {
        // RFC 4648's test vectors, without padding.
        for (plain, encoded) in [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")] {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.grouped("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP")
        let link = TOTP.link(secret: Self.sha1Seed, account: "jo@council.gov.uk")
        #expect(link == "otpauth://totp/Waymark:jo@council.gov.uk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Waymark&algorithm=SHA1&digits=6&period=30")
    }
}
