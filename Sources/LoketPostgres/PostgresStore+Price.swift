import Foundation
public import LoketDomain
public import LoketStore

extension PostgresStore {
    public func price(category: PricingCategory, for ref: ConversationRef) async throws -> MessagePrice? {
        let c = try await conversation(ref, for: nil)
        guard let card = rateCard, let phone = c.customer.phone else { return nil }
        let p = card.price(category: category, to: phone, windowOpen: c.window.isOpen(at: clock()))
        return MessagePrice(market: p.market, category: p.category, cost: p.cost)
    }
}
