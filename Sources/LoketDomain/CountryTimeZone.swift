/// A customer's local time comes from their number's country: its main time zone (a country spanning
/// several, like Indonesia, gets the one most of its people live in).
public enum CountryTimeZone {
    static let zones: [String: String] = [
        "ID": "Asia/Jakarta", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "US": "America/New_York",
        "CA": "America/Toronto", "GB": "Europe/London", "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei",
        "AU": "Australia/Sydney", "NZ": "Pacific/Auckland", "IN": "Asia/Kolkata", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
        "PH": "Asia/Manila", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh", "AE": "Asia/Dubai", "SA": "Asia/Riyadh",
        "NL": "Europe/Amsterdam", "DE": "Europe/Berlin", "FR": "Europe/Paris", "BR": "America/Sao_Paulo", "TL": "Asia/Dili",
        "BN": "Asia/Brunei",
    ]

    /// The IANA zone for an ISO 3166 alpha-2 country, if known.
    public static func identifier(forCountry iso2: String?) -> String? { iso2.flatMap { zones[$0.uppercased()] } }
}
