import Foundation
import Testing
@testable import LoketDomain

let sampleRates = """
market,currency,marketing,utility,authentication,authentication_international,service
Indonesia,USD,0.0411,0.0250,0.0250,0.1360,0
North America,USD,0.0250,0.0034,0.0034,,0
Other,USD,0.0604,0.0077,0.0077,,0

"""
let sampleCodes = """
prefix,iso2,country,market
1,US,United States,North America
1242,BS,Bahamas,Other
62,ID,Indonesia,Indonesia
65,SG,Singapore,Rest of Asia Pacific
"""

@Suite struct RateCardTests {
    let card = try! RateCard(ratesCSV: sampleRates, callingCodesCSV: sampleCodes)
    let budi = try! PhoneNumber("+6281234567890")

    @Test func longestPrefixPicksTheMarket() throws {
        #expect(card.market(of: try PhoneNumber("+16505551234")) == "North America")
        #expect(card.market(of: try PhoneNumber("+12425551234")) == "Other")
        #expect(card.callingCodes.lookup(try PhoneNumber("+12425551234"))?.iso2 == "BS")
        #expect(card.market(of: budi) == "Indonesia")
        // A market without a row of its own is priced as Other.
        let sg = card.price(category: .marketing, to: try PhoneNumber("+6591234567"), windowOpen: false)
        #expect(sg.market == "Rest of Asia Pacific")
        #expect(sg.cost.micros == 60_400)
    }

    @Test func pricesByCategoryAndWindow() {
        #expect(card.price(category: .marketing, to: budi, windowOpen: true).cost.micros == 41_100)
        #expect(card.price(category: .utility, to: budi, windowOpen: false).cost.micros == 25_000)
        #expect(card.price(category: .utility, to: budi, windowOpen: true).cost.micros == 0)
        #expect(card.price(category: .service, to: budi, windowOpen: true).cost.micros == 0)
        #expect(card.price(category: .authentication, to: budi, windowOpen: false).cost.micros == 25_000)
        let intl = card.price(category: .authentication, to: budi, windowOpen: false, internationalAuthentication: true)
        #expect(intl.category == .authenticationInternational)
        #expect(intl.cost.micros == 136_000)
        // Where the market has no international rate, the plain authentication rate applies.
        let us = card.price(category: .authentication, to: try! PhoneNumber("+16505551234"), windowOpen: false,
                            internationalAuthentication: true)
        #expect(us.category == .authentication && us.cost.micros == 3_400)
    }

    @Test func reportsBadRowsWithFileAndLine() {
        let bad = sampleRates.replacingOccurrences(of: "0.0411", with: "abc")
        do { _ = try RateCard(ratesCSV: bad, callingCodesCSV: sampleCodes, ratesFile: "r.csv"); Issue.record("accepted") }
        catch { #expect(error.message.hasPrefix("r.csv:2: marketing 'abc'")) }
        do { _ = try RateCard(ratesCSV: "a,b\n", callingCodesCSV: sampleCodes, ratesFile: "r.csv"); Issue.record("accepted") }
        catch { #expect(error.message.hasPrefix("r.csv:1: expected header")) }
    }

    @Test func moneyIsExact() throws {
        var total = Money.zero("USD")
        for _ in 0..<1000 { total = total + (try Money(decimal: "0.0411", currency: "USD")) }
        #expect(total.micros == 41_100_000)
        #expect(total.decimalString == "41.1000")
        #expect(try Money(decimal: "0.000001", currency: "USD").decimalString == "0.000001")
        #expect(throws: InputError.self) { try Money(decimal: "1.2.3", currency: "USD") }
        #expect(throws: InputError.self) { try Money(decimal: "0.0000001", currency: "USD") }
    }
}
