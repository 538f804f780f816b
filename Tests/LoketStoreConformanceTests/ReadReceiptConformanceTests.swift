import Foundation
import LoketDomain
import LoketStore
import LoketTestSupport
import Testing

/// Blue ticks by docs/SPEC.md §9: only the holder's reply, typing or mark-read key; never someone looking.
@Suite struct ReadReceiptTests {
    let number = "+6281234567890"

    func receipts(_ s: some LoketStoreMaintenance, _ now: Date) async throws -> [OutboxPayload] {
        try await s.takeDue(now: now, limit: 20).map(\.payload).filter { if case .markRead = $0 { true } else { false } }
    }

    @Test func theRuleIsTheHoldersOnly() throws {
        #expect(ReadReceipts.sends(.replied, by: "sari", holder: "sari", mode: .onReply))
        #expect(ReadReceipts.sends(.typing, by: "sari", holder: "sari", mode: .onReply))
        #expect(ReadReceipts.sends(.markReadKey, by: "sari", holder: "sari", mode: .onReply))
        #expect(!ReadReceipts.sends(.opened, by: "sari", holder: "sari", mode: .onReply))
        #expect(ReadReceipts.sends(.opened, by: "sari", holder: "sari", mode: .onOpen))
        for trigger in [ReadReceiptTrigger.opened, .replied, .typing, .markReadKey] {
            #expect(!ReadReceipts.sends(trigger, by: "rudi", holder: "sari", mode: .onOpen), "a supervisor looking along never marks read")
            #expect(!ReadReceipts.sends(trigger, by: "rudi", holder: nil, mode: .onOpen))
        }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ReadReceipts.typingDue(lastSent: nil, now: t0))
        #expect(!ReadReceipts.typingDue(lastSent: t0, now: t0.addingTimeInterval(19.9)))
        #expect(ReadReceipts.typingDue(lastSent: t0, now: t0.addingTimeInterval(20)))
        let held = ConversationFacts(state: .open, assignee: "sari", window: CustomerServiceWindow(lastInboundAt: t0))
        #expect(throws: Refusal("only {1}, who holds this conversation, marks it read for the customer", "sari")) {
            try ReadReceipts.markRead(held, by: Actor(login: "rudi", role: .supervisor))
        }
        try ReadReceipts.markRead(held, by: Actor(login: "sari", role: .agent))
    }

    @Test(arguments: Backend.allCases) func lookingNeverMarksReadAndTheHolderDoesOnce(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: number, "Halo", at: clock.now)]))
        // Before anyone holds it: a supervisor reading it (in Loket) sends nothing, whatever the mode.
        try await s.markRead(conversation: 1, by: "rudi")
        #expect(try await s.sendReadReceipt(conversation: 1, by: "rudi", trigger: .opened, mode: .onOpen) == false)
        try await s.claim(.id(1), by: "sari")
        #expect(try await s.sendReadReceipt(conversation: 1, by: "rudi", trigger: .opened, mode: .onOpen) == false)
        await #expect(throws: Refusal.self) { try await s.sendReadReceipt(conversation: 1, by: "rudi", trigger: .markReadKey, mode: .onReply) }
        #expect(try await s.conversation(.id(1), for: "rudi").unread == 0, "rudi's own read mark moved")
        #expect(try await s.conversation(.id(1), for: "sari").unread == 1, "sari has not read it")
        #expect(try await receipts(s, clock.now).isEmpty)
        // The holder opening it: nothing with on_reply; with on_open, the ticks.
        #expect(try await s.sendReadReceipt(conversation: 1, by: "sari", trigger: .opened, mode: .onReply) == false)
        #expect(try await s.sendReadReceipt(conversation: 1, by: "sari", trigger: .markReadKey, mode: .onReply) == true)
        #expect(try await s.sendReadReceipt(conversation: 1, by: "sari", trigger: .markReadKey, mode: .onReply) == false, "nothing new")
        #expect(try await s.conversation(.id(1), for: "sari").unread == 0)
        #expect(try await receipts(s, clock.now) == [.markRead(wamid: "w1")])
        // Her reply after a new message: ticks for it first, then the reply; a second reply adds no ticks.
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w2", from: number, "Masih gagal", at: clock.now)]))
        _ = try await s.reply(.id(1), by: "sari", text: "Kami cek", replyTo: nil)
        _ = try await s.reply(.id(1), by: "sari", text: "Sebentar ya", replyTo: nil)
        let due = try await s.takeDue(now: clock.now, limit: 10).map(\.payload)
        #expect(due == [.markRead(wamid: "w2"), .text(body: "Kami cek", replyTo: nil), .text(body: "Sebentar ya", replyTo: nil)])
    }

    @Test(arguments: Backend.allCases) func typingSendsTheIndicatorEachTimeAndOnlyForTheHolder(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: number, "Halo", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        #expect(try await s.sendReadReceipt(conversation: 1, by: "budi", trigger: .typing, mode: .onReply) == false)
        #expect(try await s.sendReadReceipt(conversation: 1, by: "sari", trigger: .typing, mode: .onReply))
        #expect(try await s.sendReadReceipt(conversation: 1, by: "sari", trigger: .typing, mode: .onReply), "the indicator is refreshed")
        #expect(try await receipts(s, clock.now) == [.markRead(wamid: "w1", typing: true), .markRead(wamid: "w1", typing: true)])
        // Typing marked it read at WhatsApp: her reply adds no second tick request.
        _ = try await s.reply(.id(1), by: "sari", text: "Baik", replyTo: nil)
        #expect(try await s.takeDue(now: clock.now, limit: 10).map(\.payload) == [.text(body: "Baik", replyTo: nil)])
    }
}

