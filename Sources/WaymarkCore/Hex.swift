/// Lower-case hexadecimal, as digests and tokens are stored and shown.
///
/// Written out by hand because `String(format: "%02x")` per byte went through Foundation's
/// formatter, and the API token's digest is worked out on every API request.
public extension Sequence where Element == UInt8 {
    var hexEncoded: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
