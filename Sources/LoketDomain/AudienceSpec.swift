import Foundation

/// Who receives an announcement (docs/SPEC.md §5): `open`, `all`, `label:NAME` or `country:CC`.
public enum AudienceSpec: Equatable, Sendable, CustomStringConvertible {
    /// Customers with an unresolved conversation.
    case open
    /// Every opted-in customer.
    case all
    case label(String)
    /// ISO 3166 alpha-2 country code, upper case.
    case country(String)

    public init(parsing text: String) throws(InputError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "open" { self = .open; return }
        if t == "all" { self = .all; return }
        if t.hasPrefix("label:"), t.count > 6 { self = .label(String(t.dropFirst(6))); return }
        if t.hasPrefix("country:") {
            let cc = t.dropFirst(8).uppercased()
            if cc.count == 2, cc.allSatisfy({ $0.isASCII && $0.isLetter }) { self = .country(cc); return }
        }
        throw InputError("audience '{1}' is not valid; use open, all, label:NAME or country:CC (e.g. country:ID)", text)
    }

    public var description: String {
        switch self {
        case .open: return "open"
        case .all: return "all"
        case .label(let l): return "label:\(l)"
        case .country(let c): return "country:\(c)"
        }
    }
}
