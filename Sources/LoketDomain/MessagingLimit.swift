/// A number's messaging limit as Meta reports it in `phone_number_quality_update` (`current_limit`: `TIER_250`,
/// `TIER_1K`, …, `TIER_UNLIMITED`; or `max_daily_conversations_per_business`, a count). It is not a quality rating.
public enum MessagingLimit {
    /// Tier names or a plain count, as Meta sends them; anything else is not taken.
    public static func isValid(_ raw: String) -> Bool {
        let s = raw.uppercased()
        if s.hasPrefix("TIER_") { return s.count <= 20 && s.dropFirst(5).allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }
        return !s.isEmpty && s.count <= 12 && s.allSatisfy(\.isNumber)
    }

    /// How the header says it: `TIER_1K` → `1K`, `TIER_UNLIMITED` → `unlimited`, `100000` → `100000`.
    public static func display(_ raw: String) -> String {
        let s = raw.uppercased()
        if s == "TIER_UNLIMITED" || s == "UNLIMITED" { return "unlimited" }
        if s == "TIER_NOT_SET" { return "not set" }
        return s.hasPrefix("TIER_") ? String(s.dropFirst(5)) : raw
    }
}
