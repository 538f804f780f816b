import Foundation
import Testing
import LoketDomain
import LoketStore
import LoketTestSupport

@Suite struct AnnouncementConformanceTests {
    func seeded(_ backend: Backend) async throws -> (any LoketStore, TestClock) {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.upsertTemplates([
            MessageTemplate(name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}} di {{2}}. Mohon maaf 🙏"}]"#, parameterFormat: "positional", updatedAt: clock.now),
            MessageTemplate(name: "promo", language: "id", category: .marketing, status: "REJECTED", componentsJSON: "[]",
                            parameterFormat: "positional", updatedAt: clock.now),
        ])
        // Four Indonesian customers and one in China; one wrote 30 hours ago (window closed), one said STOP.
        try await s.ingest(InboundBatch(messages: [
            Fixtures.inbound("a", from: "+6281100000001", "halo", at: clock.now, name: "Ani"),
            Fixtures.inbound("b", from: "+6281100000002", "halo", at: clock.now.addingTimeInterval(-30 * 3600), name: "Budi"),
            Fixtures.inbound("c", from: "+6281100000003", "halo", at: clock.now, name: "Cici"),
            Fixtures.inbound("d", from: "+6281100000004", "STOP", at: clock.now, name: "Dodi"),
            Fixtures.inbound("e", from: "+8613800138000", "你好", at: clock.now.addingTimeInterval(-30 * 3600), name: "Wang"),
        ]))
        try await s.resolve(.customer(try PhoneNumber("+6281100000003")), by: "rudi")
        return (s, clock)
    }

    @Test(arguments: Backend.allCases) func customerNameIsFilledForEachRecipient(_ backend: Backend) async throws {
        let (s, clock) = try await seeded(backend)
        // A customer WhatsApp gave no name gets their number instead (a parameter is never sent empty).
        try await s.ingest(InboundBatch(messages: [InboundMessage(wamid: "f", from: .phone(try PhoneNumber("+6281100000006")), profileName: nil,
                                                                  timestamp: clock.now, kind: .text, body: "halo")]))
        let (id, _) = try await s.startAnnouncement(template: "service_disruption", language: "id", parameters: ["{{customer.name}}", "Jakarta"],
                                                    audience: .all, by: "rudi")
        let sent = try await s.takeDue(now: clock.now, limit: 20).compactMap { item -> [String]? in
            if case .template(_, let send) = item.payload { return send.parameters } else { return nil }
        }
        #expect(Set(sent.map { $0[0] }) == ["Ani", "Budi", "Cici", "Wang", "+6281100000006"])
        #expect(sent.allSatisfy { $0[1] == "Jakarta" })
        let bodies = try await s.exportMessages(ExportFilter(), after: 0, limit: 100).map(\.message).filter { $0.kind == .template }.map(\.body)
        #expect(bodies.contains("Gangguan Ani di Jakarta. Mohon maaf 🙏") && !bodies.contains { $0.contains("{{customer.name}}") })
        #expect(try await s.announcementProgress(id).total == 5)
    }

    @Test(arguments: Backend.allCases) func previewCountsExcludesAndPrices(_ backend: Backend) async throws {
        let (s, _) = try await seeded(backend)
        let open = try await s.previewAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta Selatan"],
                                                   audience: .open, by: "rudi")
        #expect(open.body == "Gangguan ATM di Jakarta Selatan. Mohon maaf 🙏")
        #expect(open.recipients == 3 && open.excludedOptedOut == 1, "Cici's chat is resolved; Dodi opted out")
        // Utility inside the window is free: only Budi (Indonesia, window closed) and Wang (Other) cost.
        #expect(open.estimatedCost.micros == 25_000 + 7_700)
        let all = try await s.previewAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM", "Jakarta"],
                                                  audience: .all, by: "rudi")
        #expect(all.recipients == 4 && all.excludedOptedOut == 1)
        #expect(try await s.previewAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta"],
                                                audience: .country("CN"), by: "rudi").recipients == 1)
        #expect(open.eta(throughput: 80) == 3.0 / 80)
    }

    @Test(arguments: Backend.allCases) func onlySupervisorsWithApprovedTemplatesAndRightParameters(_ backend: Backend) async throws {
        let (s, _) = try await seeded(backend)
        await #expect(throws: Refusal.self) {
            try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "X"], audience: .open, by: "sari")
        }
        await #expect(throws: Refusal.self) {
            try await s.startAnnouncement(template: "promo", language: nil, parameters: [], audience: .open, by: "rudi")
        }
        await #expect(throws: InputError.self) {
            try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM"], audience: .open, by: "rudi")
        }
        // Only Dodi's STOP confirmation is queued: nothing from the refused announcements.
        #expect(try await s.outboxStats(now: Date()).depth == 1, "nothing queued on a refusal")
    }

    @Test(arguments: Backend.allCases) func queuedToEveryRecipientAndTheReportAgreesWithTheEstimate(_ backend: Backend) async throws {
        let (s, clock) = try await seeded(backend)
        let (id, preview) = try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta Selatan"],
                                                          audience: .open, by: "rudi")
        var progress = try await s.announcementProgress(id)
        #expect(progress.total == 3 && progress.queued == 3 && !progress.isSettled)
        let items = try await s.takeDue(now: clock.now, limit: 10).filter {
            if case .template = $0.payload { return true } else { return false }
        }
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.payload == .template(name: "service_disruption", language: "id", parameters: ["ATM", "Jakarta Selatan"]) })
        for (i, item) in items.enumerated() {
            try await s.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.ann.\(i)"), at: clock.now)
        }
        try await s.ingest(InboundBatch(statuses: (0..<3).map { StatusUpdate(wamid: "wamid.ann.\($0)", status: .delivered, timestamp: clock.now) }))
        progress = try await s.announcementProgress(id)
        #expect(progress.delivered == 3 && progress.isSettled && progress.state == "done")
        #expect(try await s.costReport(since: nil).total == preview.estimatedCost, "estimate and report agree")
        #expect(try await s.audit(conversation: nil, limit: 1, by: "rudi").first?.action == .announcement)
    }
}

@Suite struct AnnouncementLifecycleTests {
    func templateItems(_ items: [OutboxItem]) -> [OutboxItem] {
        items.filter { if case .template = $0.payload { return true } else { return false } }
    }

    @Test(arguments: Backend.allCases) func queueingWritesOnlyTheRecipientListAndMessagesFollowTheDispatcher(_ backend: Backend) async throws {
        let (s, clock) = try await AnnouncementConformanceTests().seeded(backend)
        let (id, _) = try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta"],
                                                    audience: .all, by: "rudi")
        #expect(try await s.outboxStats(now: clock.now).depth == 1 + 4, "the STOP confirmation and four recipients wait")
        // Room for two: the STOP confirmation and one recipient.
        let first = try await s.takeDue(now: clock.now, limit: 2)
        #expect(first.count == 2 && templateItems(first).count == 1)
        var p = try await s.announcementProgress(id)
        #expect(p.queued == 4 && p.total == 4)
        let rest = templateItems(try await s.takeDue(now: clock.now, limit: 10))
        #expect(rest.count == 3)
        #expect(Set((first + rest).compactMap { item -> String? in
            if case .template = item.payload, case .phone(let n) = item.to { return n.digits } else { return nil }
        }).count == 4, "each recipient once")
        for (i, item) in (templateItems(first) + rest).enumerated() {
            try await s.recordSend(outboxID: item.id, outcome: .accepted(wamid: "wamid.lc.\(i)"), at: clock.now)
        }
        p = try await s.announcementProgress(id)
        #expect(p.sent == 4 && p.queued == 0 && p.state == "done")
        #expect(try await s.takeDue(now: clock.now, limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases) func cancellingStopsWhatIsNotSentAndCountsStayExact(_ backend: Backend) async throws {
        let (s, clock) = try await AnnouncementConformanceTests().seeded(backend)
        let (id, _) = try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta"],
                                                    audience: .all, by: "rudi")
        // One recipient is in flight, one is a message waiting in the outbox, two are not reached yet.
        let inFlight = try #require(templateItems(try await s.takeDue(now: clock.now, limit: 2)).first)
        try await s.recordSend(outboxID: inFlight.id, outcome: .retry(at: clock.now.addingTimeInterval(3600), errorCode: nil, reason: "503"),
                               at: clock.now)
        let flying = try #require(templateItems(try await s.takeDue(now: clock.now, limit: 1)).first)
        await #expect(throws: Refusal.self) { try await s.cancelAnnouncement(id, by: "sari") }
        var p = try await s.cancelAnnouncement(id, by: "rudi")
        #expect(p.state == "cancelled")
        #expect(p.cancelled == 2 + 1 && p.queued == 1, "the one handed to the Cloud API is still out")
        try await s.recordSend(outboxID: flying.id, outcome: .accepted(wamid: "wamid.cancel.1"), at: clock.now)
        p = try await s.announcementProgress(id)
        #expect(p.sent == 1 && p.cancelled == 3 && p.queued == 0 && p.failed == 0)
        #expect(p.sent + p.delivered + p.read + p.failed + p.cancelled + p.optedOut + p.queued == p.total)
        #expect(templateItems(try await s.takeDue(now: clock.now.addingTimeInterval(7200), limit: 10)).isEmpty, "nothing else leaves")
        #expect(try await s.activeAnnouncements().isEmpty)
        await #expect(throws: Refusal.self) { try await s.cancelAnnouncement(id, by: "rudi") }
        #expect(try await s.audit(conversation: nil, limit: 1, by: "rudi").first?.detail?.contains("cancelled") == true)
    }

    @Test(arguments: Backend.allCases) func aCustomerWhoOptsOutAfterQueueingIsSkipped(_ backend: Backend) async throws {
        let (s, clock) = try await AnnouncementConformanceTests().seeded(backend)
        let (id, _) = try await s.startAnnouncement(template: "service_disruption", language: nil, parameters: ["ATM", "Jakarta"],
                                                    audience: .all, by: "rudi")
        try await s.ingest(InboundBatch(messages: [Fixtures.inbound("a2", from: "+6281100000001", "BERHENTI", at: clock.now, name: "Ani")]))
        let items = templateItems(try await s.takeDue(now: clock.now, limit: 20))
        #expect(items.count == 3)
        #expect(!items.contains { $0.to == .phone(PhoneNumber(trustedDigits: "6281100000001")) })
        let p = try await s.announcementProgress(id)
        #expect(p.optedOut == 1 && p.queued == 3 && p.total == 4)
    }
}

extension AnnouncementConformanceTests {
    @Test(arguments: Backend.allCases) func anUnknownLabelIsAnErrorListingTheLabels(_ backend: Backend) async throws {
        let clock = TestClock()
        let s = try await backend.store(clock: clock)
        try await s.upsertTemplates([
            MessageTemplate(name: "service_disruption", language: "id", category: .utility, status: "APPROVED",
                            componentsJSON: #"[{"type":"BODY","text":"Gangguan {{1}}"}]"#, parameterFormat: "positional", updatedAt: clock.now),
        ])
        try await s.importHistory([HistoryImport(customer: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi",
                                                 labels: ["kartu", "vip"], state: .waiting, assignee: nil,
                                                 lines: [.init(direction: .inbound, body: "halo", at: clock.now, wamid: "l1")])])
        await #expect(throws: InputError("no customer has the label 'kartuu'; labels in use: kartu, vip")) {
            try await s.previewAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM"],
                                            audience: .label("kartuu"), by: "rudi")
        }
        #expect(try await s.previewAnnouncement(template: "service_disruption", language: "id", parameters: ["ATM"],
                                                audience: .label("vip"), by: "rudi").recipients == 1)
    }
}
