import Foundation

/// A KPI's value, target or tolerance as written: an exact decimal, never binary floating point,
/// so "22.38" is 22.38 and the edge of a tolerance is exactly where it was written.
public struct ExactNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let decimal: Decimal

    public init(_ decimal: Decimal) { self.decimal = decimal }
    public init(_ integer: Int) { self.decimal = Decimal(integer) }

    /// At most this many digits, well inside `Decimal`'s 38, so sums and products stay exact.
    public static let maximumDigits = 18

    /// Reads "22.38", "-3", "0.5", "1,250" or "£1,250.50"; nil for anything else ("1e5", "12.",
    /// ".5", "NaN", two signs, more than 18 digits). Grouping commas must group thousands.
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if rest.first == "-" || rest.first == "−" { negative = true; rest = rest.dropFirst() }
        if rest.first == "£" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let integerDigits = groups.joined()
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty,
              integerDigits.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              integerDigits.count + fraction.count <= Self.maximumDigits,
              let significand = UInt64(integerDigits + fraction)
        else { return nil }
        // Built from its digits and exponent: exact, and without parsing through a locale.
        decimal = Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction.count, significand: Decimal(significand))
    }

    /// The plain decimal form, without grouping or exponent: "22.38", "-3", "0.5".
    public var description: String {
        var copy = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 10, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }

    /// With thousands grouped, for reading: "12,550", "-1,250.5".
    public var grouped: String {
        let plain = magnitude.description
        let parts = plain.split(separator: ".", maxSplits: 1)
        var whole = Array(parts[0])
        var index = whole.count - 3
        while index > 0 { whole.insert(",", at: index); index -= 3 }
        return (decimal < 0 ? "-" : "") + String(whole) + (parts.count == 2 ? "." + parts[1] : "")
    }

    public static func < (a: ExactNumber, b: ExactNumber) -> Bool { a.decimal < b.decimal }
    public static func + (a: ExactNumber, b: ExactNumber) -> ExactNumber { ExactNumber(a.decimal + b.decimal) }
    public static func - (a: ExactNumber, b: ExactNumber) -> ExactNumber { ExactNumber(a.decimal - b.decimal) }
    public static func * (a: ExactNumber, b: ExactNumber) -> ExactNumber { ExactNumber(a.decimal * b.decimal) }
    public var magnitude: ExactNumber { decimal < 0 ? ExactNumber(-decimal) : self }

    /// Divides, rounding half away from zero to `places` decimal places (an average of thirds,
    /// say, has no exact decimal).
    public func divided(by divisor: Int, places: Int = 4) -> ExactNumber {
        var quotient = decimal / Decimal(divisor)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, places, .plain)
        return ExactNumber(rounded)
    }
}
