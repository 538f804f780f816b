import Foundation

/// An amount in millionths of a currency unit, so sums of rates like 0.0411 stay exact.
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var micros: Int64
    public let currency: String

    public init(micros: Int64, currency: String) { self.micros = micros; self.currency = currency }

    /// Parses a decimal such as `0.0411` (at most 6 fractional digits).
    public init(decimal text: String, currency: String) throws(InputError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard !t.isEmpty, parts.count <= 2,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || (parts[1].count <= 6 && parts[1].allSatisfy({ $0.isASCII && $0.isNumber }))
        else { throw InputError("'\(text)' is not a decimal amount") }
        let whole = Int64(parts[0]) ?? 0
        var frac: Int64 = 0
        if parts.count == 2 {
            let padded = String(parts[1]).padding(toLength: 6, withPad: "0", startingAt: 0)
            frac = Int64(padded) ?? 0
        }
        self.init(micros: whole * 1_000_000 + frac, currency: currency)
    }

    public static func zero(_ currency: String) -> Money { Money(micros: 0, currency: currency) }

    /// The amount as a decimal string with 4 fractional digits (rate cards quote 4), e.g. `0.0411`.
    public var decimalString: String { Money.format(micros: micros, digits: 4) }

    /// A Double for JSON output; exact for the sums the reports produce.
    public var doubleValue: Double { Double(micros) / 1_000_000 }

    public var description: String { "\(decimalString) \(currency)" }

    public static func < (a: Money, b: Money) -> Bool { a.micros < b.micros }
    public static func + (a: Money, b: Money) -> Money { Money(micros: a.micros + b.micros, currency: a.currency) }
    public static func * (a: Money, n: Int) -> Money { Money(micros: a.micros * Int64(n), currency: a.currency) }

    static func format(micros: Int64, digits: Int) -> String {
        let sign = micros < 0 ? "-" : ""
        let m = abs(micros)
        let whole = m / 1_000_000
        var frac = String(m % 1_000_000)
        frac = String(repeating: "0", count: 6 - frac.count) + frac
        // Keep at least `digits` fractional digits, more only when they are non-zero.
        while frac.count > digits && frac.hasSuffix("0") { frac.removeLast() }
        return "\(sign)\(whole).\(frac)"
    }
}
