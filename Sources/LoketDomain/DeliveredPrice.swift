/// What Meta said about a delivered message's price: the status webhook's `pricing` object.
public struct MetaPricing: Equatable, Sendable {
    /// `billable`: whether Meta charges for it.
    public var billable: Bool?
    /// `type`: `regular`, `free_customer_service` or `free_entry_point`.
    public var type: String?
    /// `category`: Meta's category for it (it may have recategorised a template).
    public var category: PricingCategory?

    public init(billable: Bool? = nil, type: String? = nil, category: PricingCategory? = nil) {
        self.billable = billable; self.type = type; self.category = category
    }

    /// Meta says it is free (`billable: false`, or a free type).
    public var saysFree: Bool { billable == false || type == "free_customer_service" || type == "free_entry_point" }
    /// Meta says it is charged (`billable: true`, or `type: regular`).
    public var saysCharged: Bool { billable == true || type == "regular" }
}

/// The price of one delivered outbound message (docs/SPEC.md §6): Meta's pricing object decides when it says;
/// the rate card fills in only what Meta did not say. No category is free by rule: a free message is one Meta
/// calls free, or one the card prices at zero.
public enum DeliveredPrice {
    /// - Parameters:
    ///   - templateCategory: the template's category when it was sent; nil for a free-form message.
    ///   - windowOpen: whether the customer service window was open at delivery (only for the card's estimate,
    ///     when Meta said nothing).
    /// - Returns: nil when the message is not priced (a free-form message Meta did not call charged).
    public static func decide(meta: MetaPricing?, templateCategory: PricingCategory?, card: RateCard, to number: PhoneNumber,
                              windowOpen: Bool) -> (market: String, category: PricingCategory, cost: Money)? {
        // A free-form message is priced only when Meta says it is charged (service messages billed per message).
        if templateCategory == nil, meta?.saysCharged != true { return nil }
        let category = meta?.category ?? templateCategory ?? .service
        let market = card.market(of: number)
        if meta?.saysFree == true { return (market, category, .zero(card.currency)) }
        if meta?.saysCharged == true { return (market, category, card.rate(category, market: market)) }
        return card.price(category: category, to: number, windowOpen: windowOpen)
    }
}
