import Foundation
@testable import LoketCloudAPI
import LoketDomain
import LoketStore
import Testing

@Suite struct TemplateListingTests {
    static let listing = """
    {"data": [
      {"name": "service_disruption", "language": "id", "status": "APPROVED", "category": "UTILITY", "id": "1",
       "components": [{"type": "BODY", "text": "Gangguan layanan {{1}} di {{2}}. Perkiraan pulih pukul {{3}}. Mohon maaf 🙏"}]},
      {"name": "promo_kpr", "language": "en_US", "status": "PENDING", "category": "MARKETING", "parameter_format": "NAMED",
       "components": [{"type": "HEADER", "format": "TEXT", "text": "KPR"},
                      {"type": "BODY", "text": "Hi {{first_name}}, rates from {{rate}}!"}]}
    ], "paging": {"cursors": {"before": "a", "after": "b"}}}
    """

    @Test func decodesMetasListing() throws {
        let t = try TemplateListing.decode(Data(Self.listing.utf8), file: "t.json")
        #expect(t.map(\.name) == ["service_disruption", "promo_kpr"])
        #expect(t[0].isApproved && !t[1].isApproved)
        #expect(t[0].category == .utility && t[1].category == .marketing)
        #expect(t[0].parameterFormat == "positional" && t[1].parameterFormat == "named")
        #expect(TemplateText.placeholders(inComponents: t[0].componentsJSON) == ["1", "2", "3"])
        #expect(TemplateText.placeholders(inComponents: t[1].componentsJSON) == ["first_name", "rate"])
        #expect(TemplateText.body(ofComponents: t[0].componentsJSON)?.hasSuffix("Mohon maaf 🙏") == true)
    }

    @Test func rejectsBadListingsWithOneLine() {
        for (bad, expected) in [("{", "not valid JSON"), ("{\"x\": 1}", "expected Meta's"),
                                ("[{\"name\": \"a\", \"language\": \"id\", \"category\": \"SPAM\", \"status\": \"APPROVED\"}]", "category 'SPAM'"),
                                ("[{\"language\": \"id\"}]", "has no name")] {
            do { _ = try TemplateListing.decode(Data(bad.utf8), file: "t.json"); Issue.record("accepted \(bad)") }
            catch let e as InputError { #expect(e.message.contains(expected) && !e.message.contains("\n")) }
            catch { Issue.record("unexpected \(error)") }
        }
    }
}
