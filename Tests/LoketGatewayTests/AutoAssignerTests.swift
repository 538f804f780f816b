import Foundation
import Logging
import LoketDomain
import LoketGateway
import LoketSQLite
import LoketStore
import Testing

/// Round robin on a manual clock: a pass runs at start and then once per interval of clock time, never between.
@Suite struct AutoAssignerTests {
    @Test func assignsWaitingChatsOncePerIntervalOfClockTime() async throws {
        let clock = ManualClock(now: Date())
        let store = try await makeStore(clock: { clock.now })
        var logger = Logger(label: "test.assigner")
        logger.logLevel = .critical
        let assigner = AutoAssigner(store: store, logger: logger, interval: 1, clock: clock)
        let running = Task { try await assigner.run() }
        // The first pass has run (nothing waits yet) and the assigner sleeps on the clock.
        #expect(await waitUntil(30) { clock.sleeperCount == 1 })
        try await store.ingest(InboundBatch(messages: [InboundMessage(
            wamid: "wamid.rr.1", from: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi",
            timestamp: clock.now, kind: .text, body: "Halo")]))
        try await store.heartbeat(agent: "sari", session: "s", viewing: nil, typing: nil)
        func assignee() async throws -> String? { try await store.conversations(state: nil, for: nil).first?.assignee }
        #expect(try await assignee() == nil, "no pass runs before the interval is over")
        clock.advance(by: 0.5)
        let between = try await assignee()
        #expect(clock.sleeperCount == 1 && between == nil)
        clock.advance(by: 0.5)
        #expect(try await waitUntil(10) { try await assignee() == "sari" })
        running.cancel()
        _ = await running.result
    }
}
