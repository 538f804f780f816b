/// The pricing category of a message: Meta's template categories plus `service` (free-form replies).
public enum PricingCategory: String, Sendable, CaseIterable, Codable, Hashable {
    case marketing
    case utility
    case authentication
    case authenticationInternational = "authentication_international"
    case service

    /// Parses Meta's spelling (`MARKETING`, `utility`, …).
    public init?(meta: String) { self.init(rawValue: meta.lowercased()) }
}
