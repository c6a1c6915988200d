import Crypto
import Foundation
import WaymarkCore

/// Time-based one-time passwords (RFC 6238), the codes authenticator apps show.
///
/// SHA-1, 6 digits and 30-second steps are what every authenticator app takes from an
/// `otpauth://` link; SHA-256 and SHA-512 are here for RFC 6238's own test vectors.
struct TOTP: Sendable {
    enum Algorithm: Sendable { case sha1, sha256, sha512 }

    var secret: [UInt8]
    var digits = 6
    var step: TimeInterval = 30
    var algorithm = Algorithm.sha1

    /// The step a moment falls in: the "T" of RFC 6238.
    func counter(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    /// RFC 4226's HOTP of a counter, with dynamic truncation.
    func code(counter: Int64) -> String {
        let message = withUnsafeBytes(of: UInt64(counter).bigEndian) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    func code(at date: Date) -> String { code(counter: counter(at: date)) }

    /// The step whose code `typed` is, allowing one step either side for a phone's clock and
    /// the time taken to type; nil when it is none of them. Spaces are ignored.
    func matchingCounter(_ typed: String, at date: Date) -> Int64? {
        let digitsOnly = typed.filter { !$0.isWhitespace }
        guard digitsOnly.count == digits, digitsOnly.allSatisfy(\.isASCII), digitsOnly.allSatisfy(\.isNumber) else { return nil }
        let now = counter(at: date)
        // Every candidate is compared, so the time taken does not say which step came close.
        var found: Int64?
        for candidate in [now - 1, now, now + 1] where Self.sameText(code(counter: candidate), digitsOnly) { found = candidate }
        return found
    }

    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new 160-bit secret, the length RFC 4226 recommends.
    static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The link an authenticator app opens (or a person pastes) to add the account.
    static func link(secret: [UInt8], account: String, issuer: String = "Waymark") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed.union([":"])) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=SHA1&digits=6&period=30"
    }
}
