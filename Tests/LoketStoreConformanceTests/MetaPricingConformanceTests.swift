import Foundation
import LoketDomain
import LoketStore
import LoketTestSupport
import Testing

/// The price of a delivered message as Meta's pricing object says (docs/SPEC.md §6), through the store.
@Suite struct MetaPricingStoreTests {
    @Test(arguments: Backend.allCases) func metasPricingObjectDecidesEvenWhenTheStatusCameFirst(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let t = clock.now
        try await s.importHistory([
            HistoryImport(customer: .phone(try PhoneNumber("+6281234567890")), profileName: "Budi", state: .resolved, assignee: "sari", lines: [
                .init(direction: .inbound, body: "halo", at: t.addingTimeInterval(-48 * 3600)),
                .init(direction: .outbound, kind: .template, body: "Promo", at: t, status: .sent, agent: "rudi",
                      wamid: "wamid.P1", templateName: "promo", templateCategory: .marketing),
                .init(direction: .outbound, kind: .template, body: "Tagihan", at: t, status: .sent, agent: "rudi",
                      wamid: "wamid.P2", templateName: "bill", templateCategory: .utility),
            ]),
        ])
        // A marketing template Meta says is free (entry point): zero; a utility one Meta recategorised and bills: marketing.
        try await s.ingest(InboundBatch(statuses: [
            StatusUpdate(wamid: "wamid.P1", status: .delivered, timestamp: t.addingTimeInterval(1), pricingCategory: "marketing",
                         pricingBillable: false, pricingType: "free_entry_point"),
            StatusUpdate(wamid: "wamid.P2", status: .delivered, timestamp: t.addingTimeInterval(1), pricingCategory: "MARKETING",
                         pricingBillable: true, pricingType: "regular"),
        ]))
        let report = try await s.costReport(since: nil)
        #expect(report.lines.map { "\($0.category.rawValue)/\($0.messages)/\($0.cost.micros)" } == ["marketing/2/41100"])
        // A reply's status that beats the send's answer keeps Meta's word until the wamid is known.
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: "+6281234567890", "Halo lagi", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        _ = try await s.reply(.id(1), by: "sari", text: "Siap", replyTo: nil)
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.R1", status: .delivered, timestamp: clock.now,
                                                                pricingCategory: "service", pricingBillable: true, pricingType: "regular")]))
        let item = try #require(try await s.takeDueSends(now: clock.now, limit: 1).first)
        try await s.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.R1"), at: clock.now)
        let after = try await s.costReport(since: nil)
        #expect(after.lines.map { "\($0.category.rawValue)/\($0.messages)" } == ["marketing/2", "service/1"], "a billed service reply is priced")
    }
}
