/// Meta's per-message rates by market and category (the rate card CSVs), and the rule that prices a message.
///
/// docs/SPEC.md §6: a template message is priced when delivered, by the recipient's market (longest calling-code
/// prefix) × the template's category; utility templates delivered inside an open customer service window
/// cost 0; non-template (service) replies cost 0; authentication-international applies only where the
/// business configured it and the market has such a rate.
public struct RateCard: Sendable {
    public struct Rates: Sendable, Hashable {
        public let market: String
        public let marketing: Money
        public let utility: Money
        public let authentication: Money
        public let authenticationInternational: Money?
        public let service: Money
    }

    public let currency: String
    public let callingCodes: CallingCodes
    private let byMarket: [String: Rates]

    public init(rates: [Rates], callingCodes: CallingCodes) {
        self.currency = rates.first?.marketing.currency ?? "USD"
        self.callingCodes = callingCodes
        self.byMarket = Dictionary(rates.map { ($0.market, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Parses the rate CSV (`market,currency,marketing,utility,authentication,authentication_international,service`)
    /// and the calling-code CSV.
    public init(ratesCSV: String, callingCodesCSV: String, ratesFile: String = "rates.csv",
                callingCodesFile: String = "calling-codes.csv") throws(InputError) {
        let rows = try CSV.parse(ratesCSV, file: ratesFile)
        let expected = ["market", "currency", "marketing", "utility", "authentication", "authentication_international", "service"]
        guard let header = rows.first?.map({ $0.lowercased() }), header == expected else {
            throw InputError("\(ratesFile):1: expected header \(expected.joined(separator: ","))")
        }
        var rates: [Rates] = []
        var currency: String?
        for (i, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = i + 2
            guard row.count == 7 else { throw InputError("\(ratesFile):\(line): expected 7 columns, found \(row.count)") }
            let cur = row[1]
            if let c = currency, c != cur { throw InputError("\(ratesFile):\(line): currency \(cur) differs from \(c)") }
            currency = cur
            func money(_ s: String, _ col: String) throws(InputError) -> Money {
                do { return try Money(decimal: s, currency: cur) }
                catch { throw InputError("\(ratesFile):\(line): \(col) '\(s)' is not a decimal amount") }
            }
            rates.append(Rates(
                market: row[0],
                marketing: try money(row[2], "marketing"),
                utility: try money(row[3], "utility"),
                authentication: try money(row[4], "authentication"),
                authenticationInternational: row[5].isEmpty ? nil : try money(row[5], "authentication_international"),
                service: try money(row[6], "service")))
        }
        guard !rates.isEmpty else { throw InputError("\(ratesFile): no rates") }
        self.init(rates: rates, callingCodes: try CallingCodes(csv: callingCodesCSV, file: callingCodesFile))
    }

    /// The market of a number (`Other` when no prefix matches, as Meta does).
    public func market(of number: PhoneNumber) -> String {
        callingCodes.lookup(number)?.market ?? "Other"
    }

    public func rates(forMarket market: String) -> Rates? { byMarket[market] ?? byMarket["Other"] }

    /// The card's figure for `category` in `market` (no window rule: for a message Meta says is charged).
    public func rate(_ category: PricingCategory, market: String) -> Money {
        guard let r = rates(forMarket: market) else { return .zero(currency) }
        switch category {
        case .service: return r.service
        case .marketing: return r.marketing
        case .utility: return r.utility
        case .authentication: return r.authentication
        case .authenticationInternational: return r.authenticationInternational ?? r.authentication
        }
    }

    /// The price of one delivered message (the card's estimate: utility templates in an open window are free, as
    /// Meta's per-message pricing has them).
    /// - Parameters:
    ///   - category: the template's category, or `.service` for a non-template message.
    ///   - windowOpen: whether the customer service window was open when it was delivered.
    ///   - internationalAuthentication: whether the business is set up for authentication-international.
    public func price(category: PricingCategory, to number: PhoneNumber, windowOpen: Bool,
                      internationalAuthentication: Bool = false) -> (market: String, category: PricingCategory, cost: Money) {
        let market = market(of: number)
        guard let r = rates(forMarket: market) else { return (market, category, .zero(currency)) }
        switch category {
        case .service:
            // The card's own figure (zero on Meta's card today), never a rule that service is free.
            return (market, .service, r.service)
        case .marketing:
            return (market, .marketing, r.marketing)
        case .utility:
            return (market, .utility, windowOpen ? .zero(currency) : r.utility)
        case .authentication, .authenticationInternational:
            if internationalAuthentication, let intl = r.authenticationInternational {
                return (market, .authenticationInternational, intl)
            }
            return (market, .authentication, r.authentication)
        }
    }
}
