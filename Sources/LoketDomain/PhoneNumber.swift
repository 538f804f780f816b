import Foundation

/// A customer's WhatsApp number as E.164 digits (country code first, no `+`, no separators).
///
/// Accepts what people type: `+62 812-3456-7890`, `62812…`, `0062812…`, `(+62) 812 3456 7890`.
/// A national number with a trunk `0` (`0812…`) is refused: it names no country.
public struct PhoneNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The E.164 digits, e.g. `6281234567890`.
    public let digits: String

    /// Normalises `text` or throws ``InputError`` with a one-line explanation.
    public init(_ text: String) throws(InputError) {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if body.isEmpty { throw InputError("phone number is empty") }
        var hadPlus = false
        if body.first == "+" { hadPlus = true; body = body.dropFirst() }
        var digits = ""
        for ch in body {
            if let d = ch.wholeNumberValue, ch.isASCII { digits.append(Character(String(d))) }
            else if ch == " " || ch == "-" || ch == "." || ch == "(" || ch == ")" || ch == "\u{00A0}" { continue }
            else if ch == "+" && digits.isEmpty && !hadPlus { hadPlus = true }
            else { throw InputError("phone number '\(text)' contains '\(ch)'; use digits with an optional leading +") }
        }
        if !hadPlus && digits.hasPrefix("00") { digits.removeFirst(2) }
        else if !hadPlus && digits.hasPrefix("0") {
            throw InputError("phone number '\(text)' is national (starts with 0); write it with its country code, e.g. +62\(digits.dropFirst())")
        }
        guard digits.count >= 7, digits.count <= 15 else {
            throw InputError("phone number '\(text)' has \(digits.count) digits; E.164 numbers have 7 to 15")
        }
        guard digits.first != "0" else { throw InputError("phone number '\(text)' has no country code") }
        self.digits = digits
    }

    /// Wraps digits already known to be E.164 (from the store or Meta's `wa_id`).
    public init(trustedDigits: String) { self.digits = trustedDigits }

    /// `+` followed by the digits.
    public var e164: String { "+" + digits }
    public var description: String { e164 }
    public static func < (a: PhoneNumber, b: PhoneNumber) -> Bool { a.digits < b.digits }

    /// True when `text` looks like a phone number rather than a numeric id
    /// (a leading `+`, separators, or more than 7 digits).
    public static func looksLikePhoneNumber(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("+") { return true }
        let digitCount = t.filter(\.isNumber).count
        return digitCount >= 8 || t.contains(" ") || t.contains("-")
    }
}
