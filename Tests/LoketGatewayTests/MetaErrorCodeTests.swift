import Foundation
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import Testing

/// Meta's error codes against the simulator (docs/SPEC.md §3): 131057 pauses the whole number and retries; the
/// account errors raise the alarm and keep the message for after the fix.
@Suite struct MetaErrorCodeTests {
    @Test func throughputUpgradeInProgressPausesEverySendThenRetries() async throws {
        // On the manual clock: after 131057 another customer's reply waits out the pause too.
        let rig = try await ClockRig()
        let store = rig.store
        let budi = try await openConversation(store)
        let ani = try await openConversation(store, number: "6285612345678", name: "Ani Wijaya")
        rig.client.inject(.error(code: 131057, httpStatus: 503))
        let a = try await store.reply(budi, by: "sari", text: "satu", replyTo: nil)
        #expect(try await rig.advance(within: 0.5) { rig.metrics.value("loket_send_retries_total") == 1 })
        let paused = rig.clock.now
        let b = try await store.reply(ani, by: "sari", text: "dua", replyTo: nil)
        #expect(try await rig.advance(within: 30) {
            let first = try await message(store, a.id)?.status, second = try await message(store, b.id)?.status
            return first == .sent && second == .sent
        })
        let sent = rig.client.acceptedRequests
        #expect(sent.map(\.text).sorted() == ["dua", "satu"])
        // Nothing went out while the number was paused (the backoff is at least 0.8 s).
        #expect(sent.allSatisfy { $0.at.timeIntervalSince(paused) >= 0.5 }, "\(sent.map { $0.at.timeIntervalSince(paused) })")
        try await rig.stop()
    }

    @Test func throughputUpgradeThroughTheSimulatorIsRetriedNotFailed() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        rig.simulator.inject(.error(code: 131057, httpStatus: 503))
        let m = try await store.reply(ref, by: "sari", text: "sabar ya", replyTo: nil)
        #expect(try await rig.eventually(15) {
            let status = try await message(store, m.id)?.status
            return status == .sent || status == .delivered || status == .read
        })
        #expect(rig.gateway.metrics.value("loket_send_retries_total") >= 1 && rig.gateway.metrics.value("loket_messages_failed_total") == 0)
        await rig.stop()
    }

    @Test(arguments: [(131042, 400), (131048, 400), (133010, 400), (10, 403), (200, 403)])
    func accountErrorsRaiseTheAlarmAndKeepTheMessage(code: Int, status: Int) async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        rig.simulator.inject(.error(code: code, httpStatus: status))
        let m = try await store.reply(ref, by: "sari", text: "kartu Anda sudah aktif", replyTo: nil)
        #expect(try await rig.eventually(10) { try await store.gatewayState()?.mode == .alarm })
        let state = try await store.gatewayState()
        #expect(state?.detail.contains("#\(code)") == true, "\(state?.detail ?? "")")
        #expect(try await message(store, m.id)?.status == .queued, "kept for after the operator's fix")
        #expect(rig.simulator.acceptedRequests.isEmpty)
        await rig.stop()
    }
}
