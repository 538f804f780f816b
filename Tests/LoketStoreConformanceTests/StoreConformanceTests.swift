import Foundation
import Testing
import LoketDomain
import LoketStore
import LoketTestSupport

@Suite struct StoreConformanceTests {
    let budi = "+6281234567890"

    @Test(arguments: Backend.allCases) func firstAgentIsAlwaysASupervisor(_ backend: Backend) async throws {
        let s = try await backend.emptyStore()
        let a = try await s.addAgent(login: "ani", name: "Ani", role: .agent, capacity: 3)
        #expect(a.role == .supervisor)
        let b = try await s.addAgent(login: "eko", name: "Eko", role: .agent, capacity: 3)
        #expect(b.role == .agent)
        await #expect(throws: Refusal.self) { try await s.addAgent(login: "eko", name: "Eko", role: .agent, capacity: 3) }
        await #expect(throws: InputError.self) { try await s.addAgent(login: "Bad Login", name: "x", role: .agent, capacity: 3) }
    }

    @Test(arguments: Backend.allCases) func draftsAreKeptPerAgentAndRemovedWhenEmpty(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        _ = try await s.ingest(InboundBatch(messages: [Fixtures.inbound("wamid.D1", from: budi, "Halo", at: clock.now)]))
        let id = try await s.conversation(.customer(PhoneNumber(trustedDigits: "6281234567890")), for: nil).id
        try await s.saveDrafts([id: "Mohon ditunggu 🙏"], agent: "sari")
        #expect(try await s.drafts(agent: "sari") == [id: "Mohon ditunggu 🙏"])
        #expect(try await s.drafts(agent: "budi").isEmpty, "drafts are private to their agent")
        try await s.saveDrafts([id: "Mohon ditunggu sebentar"], agent: "sari")
        #expect(try await s.drafts(agent: "sari") == [id: "Mohon ditunggu sebentar"])
        try await s.saveDrafts([id: ""], agent: "sari")
        #expect(try await s.drafts(agent: "sari").isEmpty)
    }

    @Test(arguments: Backend.allCases) func inboundMessagesCreateAWaitingConversationOnce(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let m1 = Fixtures.inbound("wamid.A1", from: budi, "Kartu ATM saya tertelan di mesin Jl. Sudirman", at: clock.now)
        let m2 = Fixtures.inbound("wamid.A2", from: budi, "Tolong dibantu 🙏", at: clock.now.addingTimeInterval(30))
        let r = try await s.ingest(InboundBatch(messages: [m1, m2]))
        #expect(r.stored == 2 && r.duplicates == 0)
        // Meta redelivers: nothing is duplicated.
        let again = try await s.ingest(InboundBatch(messages: [m2, m1]))
        #expect(again.stored == 0 && again.duplicates == 2)

        let q = try await s.queue(.waiting, for: "sari", limit: 50)
        #expect(q.count == 1)
        let c = try #require(q.first)
        #expect(c.state == .waiting && c.assignee == nil)
        #expect(c.customer.phone?.digits == "6281234567890" && c.customer.profileName == "Budi Santoso")
        #expect(c.customer.country == "ID" && c.customer.optedIn)
        #expect(c.unread == 2)
        #expect(c.lastMessagePreview == "Tolong dibantu 🙏")
        #expect(c.waitingSince == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try await s.messages(in: c.id, before: nil, limit: 10).map(\.body) == [m1.body, m2.body])
        #expect(try await s.queueCounts(for: "sari") == (1, 0, 1))
    }

    @Test(arguments: Backend.allCases) func waitingQueueIsMostUrgentFirst(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let t = clock.now
        try await s.ingest(InboundBatch(messages: [
            Fixtures.inbound("w1", from: "+628111111111", "newer", at: t.addingTimeInterval(100), name: "Ani"),
            Fixtures.inbound("w2", from: "+628222222222", "older", at: t, name: "Eko"),
        ]))
        #expect(try await s.queue(.waiting, for: "sari", limit: 10).map(\.customer.profileName) == ["Eko", "Ani"])
        #expect(try await s.queue(.all, for: "sari", limit: 10).map(\.customer.profileName) == ["Ani", "Eko"])
    }

    @Test(arguments: Backend.allCases) func claimAssignResolveAndReopenLeaveAnAuditTrail(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Transfer gagal", at: clock.now)]))
        let ref = ConversationRef.customer(try PhoneNumber(budi))

        #expect(try await s.claim(ref, by: "sari").changed)
        #expect(!(try await s.claim(ref, by: "sari").changed))
        await #expect(throws: Refusal("already claimed by sari")) { try await s.claim(ref, by: "budi") }
        await #expect(throws: Refusal.self) { try await s.assign(ref, to: "budi", by: "budi", reason: nil) }
        #expect(try await s.queue(.mine, for: "sari", limit: 10).count == 1)

        try await s.assign(ref, to: "budi", by: "rudi", reason: "sari is off at 17:00")
        try await s.resolve(ref, by: "budi")
        var c = try await s.conversation(ref, for: "budi")
        #expect(c.state == .resolved && c.assignee == "budi")

        clock.advance(60)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w2", from: budi, "Masih gagal", at: clock.now)]))
        c = try await s.conversation(ref, for: "budi")
        #expect(c.state == .open && c.assignee == "budi")

        let trail = try await s.audit(conversation: c.id, limit: 10, by: "rudi").reversed().map { "\($0.action.rawValue):\($0.actor ?? "-"):\($0.toAgent ?? "-")" }
        #expect(trail == ["claim:sari:sari", "reassign:rudi:budi", "resolve:budi:budi", "reopen:-:budi"])
        let reassign = try #require(try await s.audit(conversation: c.id, limit: 10, by: "rudi").first { $0.action == .reassign })
        #expect(reassign.fromAgent == "sari" && reassign.reason == "sari is off at 17:00")
        let system = try await s.messages(in: c.id, before: nil, limit: 20).filter { $0.direction == .system }.map(\.body)
        #expect(system == ["sari claimed the conversation",
                           "rudi reassigned the conversation from sari to budi — sari is off at 17:00",
                           "budi resolved the conversation",
                           "reopened: the customer wrote again (back to budi)"])
    }

    @Test(arguments: Backend.allCases) func repliesGoToTheOutboxAndFollowTheRules(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Halo", at: clock.now)]))
        let ref = ConversationRef.id(1)
        await #expect(throws: Refusal.self) { try await s.reply(ref, by: "sari", text: "Halo kak", replyTo: nil) }
        try await s.claim(ref, by: "sari")
        await #expect(throws: Refusal.self) { try await s.reply(ref, by: "budi", text: "Halo kak", replyTo: nil) }
        await #expect(throws: InputError.self) { try await s.reply(ref, by: "sari", text: "  ", replyTo: nil) }
        await #expect(throws: NotFound.self) { try await s.reply(ref, by: "nobody", text: "x", replyTo: nil) }

        let text = "Mohon maaf 🙏 我们 akan bantu"
        let m = try await s.reply(ref, by: "sari", text: text, replyTo: "w1")
        #expect(m.status == .queued && m.direction == .outbound && m.body == text && m.agent == "sari")
        let c = try await s.conversation(ref, for: "sari")
        #expect(c.waitingSince == nil && c.unread == 0)

        // The holder's reply gives the customer blue ticks first (docs/SPEC.md §9), then the reply.
        let due = try await s.takeDue(now: clock.now, limit: 10)
        #expect(due.map(\.payload) == [.markRead(wamid: "w1"), .text(body: text, replyTo: "w1")])
        #expect(due.last?.to == .phone(try PhoneNumber(budi)))
        // Taken entries are in flight: no second dispatcher gets them.
        #expect(try await s.takeDue(now: clock.now, limit: 10).isEmpty)

        // 24 hours later the window is closed.
        clock.advance(24 * 3600 + 1)
        do { _ = try await s.reply(ref, by: "sari", text: "Halo?", replyTo: nil); Issue.record("sent outside the window") }
        catch let r as Refusal { #expect(r.message.contains("window is closed")) }
        // Notes are allowed for anyone, never queued.
        let n = try await s.note(ref, by: "budi", text: "cek ke cabang dulu")
        #expect(n.direction == .note)
        #expect(try await s.outboxStats(now: clock.now).depth == 2)
    }

    @Test(arguments: Backend.allCases) func sendOutcomesAndStatusesMoveForwardOnly(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Halo", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        let m = try await s.reply(.id(1), by: "sari", text: "Halo kak", replyTo: nil)
        let item = try #require(try await s.takeDueSends(now: clock.now, limit: 1).first)

        // The status webhook beats the send's answer: it is kept and applied once the wamid is known.
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.OUT1", status: .delivered, timestamp: clock.now)]))
        try await s.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.OUT1"), at: clock.now)
        var stored = try #require(try await s.messages(in: 1, before: nil, limit: 10).first { $0.id == m.id })
        #expect(stored.wamid == "wamid.OUT1" && stored.status == .delivered)

        let r = try await s.ingest(InboundBatch(statuses: [
            StatusUpdate(wamid: "wamid.OUT1", status: .sent, timestamp: clock.now),
            StatusUpdate(wamid: "wamid.OUT1", status: .read, timestamp: clock.now),
            StatusUpdate(wamid: "wamid.OUT1", status: .read, timestamp: clock.now),
            StatusUpdate(wamid: "wamid.OUT1", status: .failed, timestamp: clock.now, errorCode: 131026),
        ]))
        #expect(r.statusesApplied == 1 && r.statusesIgnored == 3)
        stored = try #require(try await s.messages(in: 1, before: nil, limit: 10).first { $0.id == m.id })
        #expect(stored.status == .read && stored.errorCode == nil)
        #expect(try await s.outboxStats(now: clock.now).depth == 0)
    }

    @Test(arguments: Backend.allCases) func permanentFailuresKeepTheCodeAndRetriesComeBack(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Halo", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        _ = try await s.reply(.id(1), by: "sari", text: "satu", replyTo: nil)
        _ = try await s.reply(.id(1), by: "sari", text: "dua", replyTo: nil)
        let items = try await s.takeDueSends(now: clock.now, limit: 10)
        #expect(items.count == 2)
        try await s.recordSend(outboxID: items[0].id, outcome: .failed(errorCode: 131026, reason: "Message undeliverable"), at: clock.now)
        try await s.recordSend(outboxID: items[1].id, outcome: .retry(at: clock.now.addingTimeInterval(5), errorCode: 130429, reason: "rate limit"), at: clock.now)
        #expect(try await s.takeDue(now: clock.now, limit: 10).isEmpty)
        clock.advance(5)
        let again = try await s.takeDue(now: clock.now, limit: 10)
        #expect(again.map(\.id) == [items[1].id] && again.first?.attempts == 2)
        let failed = try #require(try await s.messages(in: 1, before: nil, limit: 10).first { $0.body == "satu" })
        #expect(failed.status == .failed && failed.errorCode == 131026)
        // A dispatcher that died with entries in flight: they come back once its lease has run out, not before.
        #expect(try await s.requeueExpiredLeases(now: clock.now) == 0)
        clock.advance(OutboxLease.duration)
        #expect(try await s.requeueExpiredLeases(now: clock.now) == 1)
        #expect(try await s.takeDue(now: clock.now, limit: 10).count == 1)
    }

    @Test(arguments: Backend.allCases) func templatesArePricedWhenDelivered(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let t = clock.now
        try await s.importHistory([
            HistoryImport(customer: .phone(try PhoneNumber(budi)), profileName: "Budi", state: .resolved, assignee: "sari", lines: [
                .init(direction: .inbound, body: "halo", at: t.addingTimeInterval(-48 * 3600)),
                .init(direction: .outbound, kind: .template, body: "Promo", at: t, status: .sent, agent: "rudi",
                      wamid: "wamid.T1", templateName: "promo", templateCategory: .marketing),
                .init(direction: .outbound, kind: .template, body: "Tagihan", at: t, status: .sent, agent: "rudi",
                      wamid: "wamid.T2", templateName: "bill", templateCategory: .utility),
            ]),
            HistoryImport(customer: .phone(try PhoneNumber("+8613800138000")), profileName: "王伟", state: .open, assignee: "sari", lines: [
                .init(direction: .inbound, body: "你好", at: t.addingTimeInterval(-60)),
                .init(direction: .outbound, kind: .template, body: "Tagihan", at: t, status: .sent, agent: "rudi",
                      wamid: "wamid.T3", templateName: "bill", templateCategory: .utility),
            ]),
        ])
        let beforeStatuses = try await s.latestChange()
        try await s.ingest(InboundBatch(statuses: [("wamid.T1", "marketing"), ("wamid.T2", "utility"), ("wamid.T3", "utility")].map {
            StatusUpdate(wamid: $0.0, status: .delivered, timestamp: t.addingTimeInterval(1), pricingCategory: $0.1)
        }))
        // Status, Meta's category and price are one write: consoles get one change per status, not three.
        #expect(try await s.changes(after: beforeStatuses, limit: 100).filter { $0.kind == .message }.count == 3)
        // A later read does not price it twice.
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.T1", status: .read, timestamp: t.addingTimeInterval(2))]))
        let report = try await s.costReport(since: nil)
        #expect(report.total.micros == 41_100 + 25_000) // the utility template inside the window is free
        #expect(report.lines.map { "\($0.market)/\($0.category.rawValue)/\($0.messages)/\($0.cost.micros)" }
                == ["Indonesia/marketing/1/41100", "Indonesia/utility/1/25000", "Other/utility/1/0"])
        #expect(try await s.costReport(since: t.addingTimeInterval(3600)).lines.isEmpty)
        // From a quarter hour (the header's "today") the report sums the spend buckets; from any other time it
        // reads the messages. Both agree, and both leave out what was priced before the start.
        let quarter = Date(timeIntervalSince1970: (t.timeIntervalSince1970 / 900).rounded(.down) * 900)
        let fromBuckets = try await s.costReport(since: quarter)
        let fromMessages = try await s.costReport(since: quarter.addingTimeInterval(-0.5))
        #expect(fromBuckets == report && fromMessages == report)
        #expect(try await s.costReport(since: quarter.addingTimeInterval(1800)).lines.isEmpty)
        #expect(try await s.costReport(since: quarter.addingTimeInterval(-1800)) == report)
    }

    @Test(arguments: Backend.allCases) func fullTextSearchFindsWordsAndCJKSubstrings(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let t = clock.now
        try await s.ingest(InboundBatch(messages: [
            Fixtures.inbound("w1", from: budi, "Kartu ATM saya tertelan di mesin", at: t),
            Fixtures.inbound("w2", from: "+8613800138000", "我们的转账失败了，请帮忙", at: t.addingTimeInterval(1), name: "王伟"),
            Fixtures.inbound("w3", from: "+628111111111", "Kartu kredit ditolak 😡", at: t.addingTimeInterval(2), name: "Ani"),
        ]))
        #expect(try await s.search("kartu", limit: 10).map(\.record.message.body.first) == ["K", "K"])
        #expect(try await s.search("kartu", limit: 10).first?.record.customerName == "Ani") // newest first
        #expect(try await s.search("tertelan", limit: 10).count == 1)
        #expect(try await s.search("转账", limit: 10).first?.record.customer == "8613800138000")
        #expect(try await s.search("转", limit: 10).count == 1)
        #expect(try await s.search("转失", limit: 10).isEmpty) // not adjacent
        #expect(try await s.search("kartu kredit", limit: 10).count == 1)
        #expect(try await s.search("\"OR", limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases) func stopOptsOutAndStartOptsBackIn(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "BERHENTI", at: clock.now)]))
        #expect(try await s.conversation(.id(1), for: nil).customer.optedOut)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w2", from: budi, "mulai", at: clock.now)]))
        #expect(!(try await s.conversation(.id(1), for: nil).customer.optedOut))
        #expect(try await s.audit(conversation: 1, limit: 10, by: "rudi").map(\.action) == [.optIn, .optOut])
        // Told once each time: a second STOP while opted out changes nothing and says nothing.
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w3", from: budi, "STOP", at: clock.now),
                                                   Fixtures.inbound("w4", from: budi, "stop", at: clock.now)]))
        let told = try await s.takeDue(now: clock.now, limit: 10).compactMap { item -> String? in
            if case .text(let body, _) = item.payload { return body } else { return nil }
        }
        #expect(told.count == 3)
        #expect(told.filter { $0.contains("Reply START") }.count == 2 && told.filter { $0.contains("Reply STOP") }.count == 1)
    }

    @Test(arguments: Backend.allCases) func customersKnownOnlyByUserIDAreStored(_ backend: Backend) async throws {
        let s = try await backend.store()
        let m = InboundMessage(wamid: "w1", from: .userID("ID.1234567890"), profileName: "anon", timestamp: Date(),
                               kind: .text, body: "halo")
        try await s.ingest(InboundBatch(messages: [m]))
        let c = try #require(try await s.queue(.waiting, for: "sari", limit: 5).first)
        #expect(c.customer.phone == nil && c.customer.userID == "ID.1234567890" && c.customer.address == "ID.1234567890")
    }

    @Test(arguments: Backend.allCases) func rolesChangeOnlyBySupervisorsAndNeverLoseTheLastOne(_ backend: Backend) async throws {
        let s = try await backend.store()
        await #expect(throws: Refusal.self) { try await s.setRole(login: "budi", role: .supervisor, by: "sari") }
        await #expect(throws: Refusal.self) { try await s.setRole(login: "budi", role: .supervisor, by: "ghost") }
        try await s.setRole(login: "sari", role: .supervisor, by: "rudi")
        #expect(try await s.agent(login: "sari")?.role == .supervisor)
        try await s.setRole(login: "rudi", role: .agent, by: "sari")
        await #expect(throws: Refusal.self) { try await s.setRole(login: "sari", role: .agent, by: "sari") }
        #expect(try await s.audit(conversation: nil, limit: 2, by: "sari").map(\.action) == [.roleChange, .roleChange])
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func statusesForWamidsNeverRecordedExpireAfterADay(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Halo", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        // A status for a message this store has not recorded a wamid for (yet, or ever).
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.LATE", status: .read, timestamp: clock.now)]))
        // Within the day it is applied when the send's answer comes in.
        _ = try await s.reply(.id(1), by: "sari", text: "satu", replyTo: nil)
        let first = try #require(try await s.takeDueSends(now: clock.now, limit: 1).first)
        try await s.pruneExpired(keepChanges: 1_000_000, now: clock.now.addingTimeInterval(3600))
        try await s.recordSend(outboxID: first.id, outcome: .accepted(wamid: "wamid.LATE"), at: clock.now)
        #expect(try await s.messages(in: 1, before: nil, limit: 10).first { $0.body == "satu" }?.status == .read)
        // After a day it is forgotten.
        try await s.ingest(InboundBatch(statuses: [StatusUpdate(wamid: "wamid.NEVER", status: .read, timestamp: clock.now)]))
        _ = try await s.reply(.id(1), by: "sari", text: "dua", replyTo: nil)
        let second = try #require(try await s.takeDueSends(now: clock.now, limit: 1).first)
        try await s.pruneExpired(keepChanges: 1_000_000, now: clock.now.addingTimeInterval(25 * 3600))
        try await s.recordSend(outboxID: second.id, outcome: .accepted(wamid: "wamid.NEVER"), at: clock.now)
        #expect(try await s.messages(in: 1, before: nil, limit: 10).first { $0.body == "dua" }?.status == .sent)
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func searchFindsWordFormsNamesAndNumbersNewestFirst(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "s1", from: .phone(try PhoneNumber(budi)), profileName: "Budi Santoso", timestamp: clock.now,
                           kind: .text, body: "Kartunya tertelan di ATM Sudirman"),
            InboundMessage(wamid: "s2", from: .phone(try PhoneNumber("+6587654321")), profileName: "Tan Wei Ming", timestamp: clock.now,
                           kind: .text, body: "My card 100% stuck_here"),
            InboundMessage(wamid: "s3", from: .phone(try PhoneNumber(budi)), profileName: "Budi Santoso", timestamp: clock.now,
                           kind: .text, body: "Nomor saya 0812-3456-7890"),
        ]))
        func bodies(_ q: String) async throws -> [String] { try await s.search(q, limit: 20).map(\.record.message.body) }
        #expect(try await bodies("kartu") == ["Kartunya tertelan di ATM Sudirman"])
        // A customer found by name or number is shown by their newest message.
        #expect(try await bodies("Santoso").first == "Nomor saya 0812-3456-7890")
        #expect(try await bodies("6281234567890").first == "Nomor saya 0812-3456-7890")
        #expect(try await bodies("+62 812-3456-7890").first == "Nomor saya 0812-3456-7890")
        #expect(try await bodies("0812").contains("Nomor saya 0812-3456-7890"))
        #expect(try await bodies("8765 4321") == ["My card 100% stuck_here"])
        // LIKE's wildcards are literal.
        #expect(try await bodies("%%").isEmpty)
        #expect(try await s.search("Tan_Wei", limit: 5).isEmpty)
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func whileACustomerWaitsTheQueueShowsWhatTheyAsked(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.upsertTemplates([MessageTemplate(name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
                                                     componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}}"}]"#,
                                                     parameterFormat: "positional", updatedAt: clock.now)])
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Kartu saya tertelan", at: clock.now)]))
        clock.advance(60)
        // An announcement reaches the waiting customer: the queue still shows their question.
        let (id, _) = try await s.startAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM"], audience: .open, by: "rudi")
        _ = try await s.takeDue(now: clock.now, limit: 10)
        #expect(try await s.announcementProgress(id).total == 1)
        var row = try #require(try await s.queue(.waiting, for: "sari", limit: 5).first)
        #expect(row.lastMessagePreview == "Kartu saya tertelan" && row.lastMessageDirection == .inbound)
        // An agent's answer is what the row shows next.
        try await s.claim(.id(1), by: "sari")
        _ = try await s.reply(.id(1), by: "sari", text: "Baik, kami cek", replyTo: nil)
        row = try #require(try await s.queue(.mine, for: "sari", limit: 5).first)
        #expect(row.lastMessagePreview == "Baik, kami cek")
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func theStopConfirmationIsMarkedAutomatic(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "STOP", at: clock.now)]))
        let reply = try #require(try await s.messages(in: 1, before: nil, limit: 10).first { $0.direction == .outbound })
        #expect(reply.agent == OptOutKeywords.automaticSender)
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func pendingUntilComesBackToItsAgentOnceOrWhenTheCustomerWrites(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Halo", at: clock.now),
                                                   Fixtures.inbound("w2", from: "+6281234567891", "Halo", at: clock.now, name: "Ani")]))
        try await s.claim(.id(1), by: "sari")
        try await s.claim(.id(2), by: "sari")
        await #expect(throws: InputError.self) { try await s.setPending(.id(1), by: "sari", until: clock.now.addingTimeInterval(-60)) }
        #expect(try await s.conversation(.id(1), for: nil).state == .open)
        try await s.setPending(.id(1), by: "sari", until: clock.now.addingTimeInterval(2 * 3600))
        try await s.setPending(.id(2), by: "sari", until: clock.now.addingTimeInterval(2 * 3600))
        #expect(try await s.wakeDuePending(now: clock.now.addingTimeInterval(3600)).isEmpty)
        // The customer of the second writes first: it is open again and not woken later.
        clock.advance(1800)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w3", from: "+6281234567891", "Masih?", at: clock.now, name: "Ani")]))
        #expect(try await s.conversation(.id(2), for: nil).state == .open)
        clock.advance(2 * 3600)
        #expect(try await s.wakeDuePending(now: clock.now) == [1])
        let back = try await s.conversation(.id(1), for: nil)
        #expect(back.state == .open && back.assignee == "sari")
        #expect(try await s.wakeDuePending(now: clock.now).isEmpty)   // once
        #expect(try await s.audit(conversation: 1, limit: 1, by: "rudi").first?.action == .wake)
        #expect(try await s.messages(in: 1, before: nil, limit: 20).last?.body == "pending time reached: back to sari")
    }
}

extension StoreConformanceTests {
    @Test(arguments: Backend.allCases) func aReactionNeverReopensRequeuesOrRestartsTheClock(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("w1", from: budi, "Kartu saya tertelan", at: clock.now)]))
        try await s.claim(.id(1), by: "sari")
        _ = try await s.reply(.id(1), by: "sari", text: "Sudah kami bantu", replyTo: nil)
        let item = try #require(try await s.takeDueSends(now: clock.now, limit: 1).first)
        try await s.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.OUT1"), at: clock.now)
        try await s.resolve(.id(1), by: "sari")
        let before = try await s.conversation(.id(1), for: "sari")
        clock.advance(600)
        func react(_ wamid: String, _ emoji: String) -> InboundMessage {
            InboundMessage(wamid: wamid, from: .phone(try! PhoneNumber(budi)), profileName: "Budi Santoso", timestamp: clock.now,
                           kind: "reaction", body: emoji.isEmpty ? "[reaction removed]" : "[reaction] \(emoji)", replyTo: "wamid.OUT1")
        }
        try await s.ingest(InboundBatch(messages: [react("wamid.R1", "👍")]))
        let after = try await s.conversation(.id(1), for: "sari")
        #expect(after.state == .resolved && after.waitingSince == before.waitingSince && after.lastMessageAt == before.lastMessageAt)
        #expect(try await s.queue(.waiting, for: "sari", limit: 5).isEmpty)
        var out = try #require(try await s.exportMessages(ExportFilter(), after: 0, limit: 20).first { $0.message.wamid == "wamid.OUT1" })
        #expect(out.reactions.map(\.emoji) == ["👍"] && out.reactions.first?.from == "customer")
        // A changed reaction replaces it; an empty one removes it.
        try await s.ingest(InboundBatch(messages: [react("wamid.R2", "🙏")]))
        out = try #require(try await s.exportMessages(ExportFilter(), after: 0, limit: 20).first { $0.message.wamid == "wamid.OUT1" })
        #expect(out.reactions.map(\.emoji) == ["🙏"])
        try await s.ingest(InboundBatch(messages: [react("wamid.R3", "")]))
        out = try #require(try await s.exportMessages(ExportFilter(), after: 0, limit: 20).first { $0.message.wamid == "wamid.OUT1" })
        #expect(out.reactions.isEmpty)
        #expect(try await s.exportMessages(ExportFilter(), after: 0, limit: 20).allSatisfy { $0.message.kind.rawValue != "reaction" })
    }
}

extension StoreConformanceTests {
    /// A customer's episodes (the profile pane): each opens with their message and ends at a resolve, by whom.
    @Test(arguments: Backend.allCases) func theProfileCountsEpisodesFromTheCustomersMessageToTheResolve(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        let ref = ConversationRef.customer(try PhoneNumber(budi))
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("wamid.E1", from: budi, "Kartu saya tertelan", at: clock.now)]))
        try await s.claim(ref, by: "sari")
        clock.advance(60)
        _ = try await s.reply(ref, by: "sari", text: "Baik Pak, kami bantu", replyTo: nil)
        clock.advance(60)
        try await s.resolve(ref, by: "sari")
        clock.advance(3600)
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("wamid.E2", from: budi, "Terima kasih", at: clock.now)]))
        let episodes = try await s.customerProfile(ref).episodes
        #expect(episodes.count == 2, "\(episodes)")
        #expect(episodes.first?.messages == 2 && episodes.first?.resolvedBy == "sari" && episodes.first?.resolvedAt != nil)
        #expect(episodes.last?.messages == 1 && episodes.last?.resolvedAt == nil)
    }
}
