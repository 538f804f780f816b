import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// Quotes (docs/SPEC.md §9): a reply that quotes a message shows it above; `R` replies quoting the message
/// under the cursor.
@MainActor
@Suite struct QuoteTests {
    static let budi = PhoneNumber(trustedDigits: "6281234567890")

    @Test func aQuotedMessageShowsAboveTheReplyOrSaysEarlierMessage() async throws {
        let f = try await ConsoleFixture()
        try await f.store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.budi.3", from: .phone(Self.budi), profileName: "Budi Santoso", timestamp: f.clock.date,
                           kind: .text, body: "Yang ini maksud saya", replyTo: "w.budi.1"),
            InboundMessage(wamid: "w.budi.4", from: .phone(Self.budi), profileName: "Budi Santoso", timestamp: f.clock.date.addingTimeInterval(1),
                           kind: .text, body: "Dan yang lama itu", replyTo: "w.gone"),
        ]))
        let s = try await f.console(agent: "sari", width: 140, height: 32)
        #expect(await s.select("Budi Santoso"))
        let lines = s.lines
        let reply = try #require(lines.firstIndex { $0.contains("Yang ini maksud saya") })
        #expect(lines[reply - 1].contains("↪ Budi: Kartu ATM saya tertelan di mesin"), "\(s.text)")
        let old = try #require(lines.firstIndex { $0.contains("Dan yang lama itu") })
        #expect(lines[old - 1].contains("↪ earlier message"), "\(s.text)")
    }

    @Test func capitalRRepliesQuotingTheSelectedMessage() async throws {
        let f = try await ConsoleFixture()
        try await f.store.claim(.customer(Self.budi), by: "sari")
        let s = try await f.console(agent: "sari", width: 140, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("R"))
        #expect(s.text.contains("select a message first"), "nothing under the cursor: \(s.text)")
        #expect(s.controller.state.composing == nil)
        // Tab to the conversation, k twice: the cursor on the first of Budi's two messages.
        await s.press(.tab, .char("k"), .char("k"), .char("k"))
        #expect(s.controller.state.selectedMessage?.wamid == "w.budi.1", "\(String(describing: s.controller.state.selectedMessage))")
        await s.press(.char("R"))
        #expect(s.controller.state.composing == .reply)
        #expect(s.text.contains("replying to ↪ Budi: Kartu ATM saya tertelan"), "\(s.text)")
        await s.type("Kartunya kami bantu ambil hari ini")
        await s.press(.enter)
        let c = try await f.store.conversation(.customer(Self.budi), for: nil)
        let sent = try #require(try await f.store.messages(in: c.id, before: nil, limit: 20).last { $0.direction == .outbound })
        #expect(sent.replyTo == "w.budi.1" && sent.body == "Kartunya kami bantu ambil hari ini")
        #expect(s.controller.state.quoting == nil, "the quote goes with the reply it was for")
        let lines = s.lines
        let reply = try #require(lines.firstIndex { $0.contains("Kartunya kami bantu ambil hari ini") })
        #expect(lines[reply - 1].contains("↪ Budi: Kartu ATM"), "\(s.text)")
    }
}

/// Reactions (docs/SPEC.md §9): shown on the message they react to; `+` reacts, through the outbox.
@MainActor
@Suite struct ReactionTests {
    @Test func customersAndAgentsReactionsShowOnTheMessage() async throws {
        let f = try await ConsoleFixture()
        let budi = QuoteTests.budi
        try await f.store.claim(.customer(budi), by: "sari")
        try await f.store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.react.1", from: .phone(budi), profileName: "Budi Santoso", timestamp: f.clock.date,
                           kind: "reaction", body: "[reaction] 🙏", replyTo: "w.budi.2"),
        ]))
        let s = try await f.console(agent: "sari", width: 140, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        let lines = s.lines
        let msg = try #require(lines.firstIndex { $0.contains("Tolong dibantu secepatnya ya") })
        #expect(lines[msg + 1].contains("🙏 Budi"), "\(s.text)")
        // `+` with nothing selected says why; on Budi's first message, 1 reacts 👍.
        await s.press(.char("+"))
        #expect(s.text.contains("select a message first"))
        await s.press(.tab, .char("k"), .char("k"), .char("k"))
        #expect(s.controller.state.selectedMessage?.wamid == "w.budi.1")
        await s.press(.char("+"))
        #expect(s.controller.topDialog is ReactionDialog, "\(s.text)")
        await s.press(.char("1"))
        #expect(s.controller.dialogs.isEmpty)
        let first = try #require(s.lines.firstIndex { $0.contains("Kartu ATM saya tertelan") })
        #expect(s.lines[first + 1].contains("👍 sari"), "\(s.text) status: \(String(describing: s.controller.state.status))")
        // It waits in the outbox as a reaction for WhatsApp.
        let due = try await f.store.takeDue(now: f.clock.date.addingTimeInterval(60), limit: 10, owner: "test")
        #expect(due.contains { $0.payload == .reaction(wamid: "w.budi.1", emoji: "👍") }, "\(due)")
        // Taking it back.
        await s.press(.char("+"), .char("G"), .enter)
        #expect(!s.text.contains("👍 sari"), "\(s.text)")
        await #expect(throws: InputError.self) { try await f.store.react(.customer(budi), to: "w.budi.1", emoji: "ok", by: "sari") }
        await #expect(throws: Refusal.self) { try await f.store.react(.customer(budi), to: "w.budi.1", emoji: "👍", by: "budi") }
    }
}

/// A forwarded message and one from a click-to-WhatsApp ad (docs/SPEC.md §9): the body is what the customer wrote,
/// the console says where it came from above it.
@MainActor
@Suite struct MessageContextTests {
    @Test func forwardedAndAdMessagesSayItAboveWhatTheCustomerWrote() async throws {
        let f = try await ConsoleFixture()
        let budi = PhoneNumber(trustedDigits: "6281234567890")
        try await f.store.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.fwd", from: .phone(budi), profileName: "Budi Santoso", timestamp: f.clock.date, kind: .text,
                           body: "Promo bunga 0% katanya dari bank ini?",
                           payload: #"{"id":"w.fwd","type":"text","text":{"body":"Promo bunga 0% katanya dari bank ini?"},"context":{"forwarded":true}}"#),
            InboundMessage(wamid: "w.ad", from: .phone(budi), profileName: "Budi Santoso", timestamp: f.clock.date.addingTimeInterval(1),
                           kind: .text, body: "Mau tanya KPR",
                           payload: #"{"id":"w.ad","type":"text","text":{"body":"Mau tanya KPR"},"referral":{"source_type":"ad","headline":"KPR bunga tetap 3 tahun","source_url":"https://fb.me/x"}}"#),
        ]))
        let s = try await f.console(agent: "sari", width: 140, height: 32)
        #expect(await s.select("Budi Santoso"))
        let lines = s.lines
        let fwd = try #require(lines.lastIndex { $0.contains("Promo bunga 0% katanya dari bank ini?") })
        #expect(lines[fwd - 1].contains("» forwarded"), "\(s.text)")
        let ad = try #require(lines.lastIndex { $0.contains("Mau tanya KPR") })
        #expect(lines[ad - 1].contains("📣 from the ad: KPR bunga tetap 3 tahun"), "\(s.text)")
        let stored = try await f.store.messages(in: try await f.store.conversation(.customer(budi), for: nil).id, before: nil, limit: 20)
        #expect(stored.first { $0.wamid == "w.fwd" }?.isForwarded == true && stored.first { $0.wamid == "w.ad" }?.referral?["headline"] as? String == "KPR bunga tetap 3 tahun")
        #expect(try await f.store.search("bunga tetap", limit: 10).isEmpty, "search matches what the customer wrote, not the ad")
    }
}
