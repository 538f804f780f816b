import Foundation
import Testing
import LoketDomain

/// Meta's pricing object decides; the card fills in only what Meta did not say; no category is free by rule.
@Suite struct DeliveredPriceTests {
    // A card where service messages cost something (Meta bills them per message from October 2026).
    let card = try! RateCard(ratesCSV: """
        market,currency,marketing,utility,authentication,authentication_international,service
        Indonesia,USD,0.0411,0.0250,0.0250,0.1360,0.0040
        Other,USD,0.0604,0.0077,0.0077,,0.0050

        """, callingCodesCSV: "prefix,iso2,country,market\n62,ID,Indonesia,Indonesia\n")
    let budi = try! PhoneNumber("+6281234567890")

    func price(_ meta: MetaPricing?, template: PricingCategory?, windowOpen: Bool = false) -> (PricingCategory, Int64)? {
        DeliveredPrice.decide(meta: meta, templateCategory: template, card: card, to: budi, windowOpen: windowOpen)
            .map { ($0.category, $0.cost.micros) }
    }

    @Test func metaSayingFreeIsFreeWhateverTheCategory() {
        #expect(price(MetaPricing(billable: false, type: "free_entry_point", category: .marketing), template: .marketing)! == (.marketing, 0))
        #expect(price(MetaPricing(type: "free_customer_service", category: .utility), template: .utility)! == (.utility, 0))
    }

    @Test func metaSayingChargedIsTheCardsFigureEvenInTheWindow() {
        #expect(price(MetaPricing(billable: true, type: "regular", category: .utility), template: .utility, windowOpen: true)! == (.utility, 25_000))
        // A free-form reply Meta bills: the card's service rate, not zero by rule.
        #expect(price(MetaPricing(billable: true, type: "regular", category: .service), template: nil)! == (.service, 4_000))
        // Meta's category wins over the one the template had (recategorised).
        #expect(price(MetaPricing(billable: true, category: .marketing), template: .utility)! == (.marketing, 41_100))
    }

    @Test func withoutMetasWordTheCardEstimates() {
        #expect(price(nil, template: .marketing)! == (.marketing, 41_100))
        #expect(price(nil, template: .utility, windowOpen: true)! == (.utility, 0), "Meta's per-message rule: utility in the window")
        #expect(price(MetaPricing(category: .authentication), template: .authentication)! == (.authentication, 25_000))
        // A free-form message Meta did not call charged is not priced.
        #expect(price(nil, template: nil) == nil)
        #expect(price(MetaPricing(billable: false, category: .service), template: nil) == nil)
        #expect(card.price(category: .service, to: budi, windowOpen: true).cost.micros == 4_000, "service is the card's figure")
    }
}
