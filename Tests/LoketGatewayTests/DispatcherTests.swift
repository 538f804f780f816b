import Foundation
import Testing
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore

@Suite(.serialized) struct DispatcherTests {
    func message(_ store: SQLiteStore, _ id: Int64) async throws -> Message? {
        try await store.exportMessages(ExportFilter(), after: id - 1, limit: 1).first?.message
    }

    @Test func repliesReachTheCloudAPIAndTicksComeBack() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        let text = "Mohon maaf 🙏 我们 segera bantu, Kak"
        let m = try await store.reply(ref, by: "sari", text: text, replyTo: nil)
        let read = try await rig.eventually { try await message(store, m.id)?.status == .read }
        #expect(read)
        let sent = rig.simulator.acceptedRequests
        #expect(sent.count == 1 && sent.first?.text == text && sent.first?.to == "6281234567890")
        let stored = try await message(store, m.id)
        #expect(stored?.wamid == sent.first?.wamid)
        #expect(rig.gateway.metrics.value("loket_messages_sent_total") == 1)
        await rig.stop()
    }

    @Test func permanentErrorsMarkTheMessageFailedWithTheCode() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        rig.simulator.inject(.error(code: 131026, httpStatus: 400))
        let a = try await store.reply(ref, by: "sari", text: "satu", replyTo: nil)
        #expect(try await rig.eventually { try await message(store, a.id)?.status == .failed })
        #expect(try await message(store, a.id)?.errorCode == 131026)
        // Meta reports many failures later, by webhook.
        rig.simulator.inject(.failLater(code: 131047))
        let b = try await store.reply(ref, by: "sari", text: "dua", replyTo: nil)
        #expect(try await rig.eventually { try await message(store, b.id)?.status == .failed })
        #expect(try await message(store, b.id)?.errorCode == 131047)
        await rig.stop()
    }

    @Test func transientErrorsAreRetriedUntilSent() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store, timeout: 0.5)
        let ref = try await openConversation(store)
        rig.simulator.inject(.serverError(httpStatus: 503))
        rig.simulator.inject(.error(code: 130429, httpStatus: 400))
        let m = try await store.reply(ref, by: "sari", text: "coba lagi", replyTo: nil)
        #expect(try await rig.eventually(15) { try await message(store, m.id)?.status == .read })
        #expect(rig.gateway.metrics.value("loket_send_retries_total") == 2)
        #expect(rig.simulator.acceptedRequests.count == 1)
        // A slow answer times out and is retried; the message ends up sent.
        rig.simulator.inject(.slow(1.0))
        let slow = try await store.reply(ref, by: "sari", text: "lambat", replyTo: nil)
        #expect(try await rig.eventually(15) { try await message(store, slow.id)?.status == .read })
        await rig.stop()
    }

    @Test func pairRateLimitPacesOnlyThatCustomer() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let budi = try await openConversation(store, number: "6281234567890")
        let ani = try await openConversation(store, number: "6285612345678", name: "Ani")
        rig.simulator.inject(.error(code: 131056, httpStatus: 400), recipient: "6281234567890")
        let started = Date()
        let first = try await store.reply(budi, by: "sari", text: "pertama", replyTo: nil)
        let second = try await store.reply(budi, by: "sari", text: "kedua", replyTo: nil)
        let other = try await store.reply(ani, by: "sari", text: "untuk Ani", replyTo: nil)
        #expect(try await rig.eventually(3) { try await message(store, other.id)?.wamid != nil })
        #expect(Date().timeIntervalSince(started) < 3, "another customer is not held back")
        #expect(try await message(store, first.id)?.wamid == nil)
        #expect(try await rig.eventually(15) { try await message(store, second.id)?.wamid != nil })
        let budiTexts = rig.simulator.acceptedRequests.filter { $0.to == "6281234567890" }
        #expect(budiTexts.map(\.text) == ["pertama", "kedua"], "order kept after pacing")
        let gap = budiTexts[0].at.timeIntervalSince(started)
        #expect(gap >= SendPolicy.pairPacing - 0.5, "paced for about 6 s, was \(gap)")
        await rig.stop()
    }

    @Test func expiredTokenRaisesTheAlarmAndStopsSending() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        rig.simulator.inject(.error(code: 190, httpStatus: 401))
        let m = try await store.reply(ref, by: "sari", text: "halo", replyTo: nil)
        #expect(try await rig.eventually { try await store.gatewayState()?.mode == .alarm })
        _ = try await store.reply(ref, by: "sari", text: "halo lagi", replyTo: nil)
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(rig.simulator.acceptedRequests.isEmpty)
        #expect(try await message(store, m.id)?.status == .queued, "kept queued for after the fix")
        #expect(try await store.outboxStats(now: Date()).depth == 2)
        #expect(try await store.gatewayState()?.detail.contains("190") == true)
        #expect(rig.gateway.metrics.value("loket_gateway_alarm") == 1)
        await rig.stop()
    }

    @Test func neverExceedsTheThroughputAndKeepsEachCustomersOrder() async throws {
        let store = try await makeStore()
        let throughput = 40
        let rig = try await LiveRig(store: store, throughput: throughput, statusDelays: nil)
        var refs: [ConversationRef] = []
        for i in 0..<40 { refs.append(try await openConversation(store, number: "62811\(String(format: "%07d", i))", name: "C\(i)")) }
        for round in 0..<3 {
            for ref in refs { _ = try await store.reply(ref, by: "sari", text: "pesan \(round)", replyTo: nil) }
        }
        let total = 120
        #expect(await rig.eventually(20) { rig.simulator.acceptedRequests.count == total })
        let times = rig.simulator.acceptedRequests.map(\.at.timeIntervalSinceReferenceDate).sorted()
        let worst = rig.simulator.acceptedRequests.busiestSecond
        #expect(worst <= throughput, "\(worst) sends in one second")
        let rate = Double(total - 1) / (times.last! - times.first!)
        #expect(rate >= 0.9 * Double(throughput), "rate \(rate)/s")
        for number in Set(rig.simulator.acceptedRequests.map(\.to)) {
            #expect(rig.simulator.acceptedRequests.filter { $0.to == number }.map(\.text) == ["pesan 0", "pesan 1", "pesan 2"])
        }
        await rig.stop()
    }
}

@Suite struct SendRateLimiterTests {
    /// Plans the slots and admits each when its task "wakes", `lateness` seconds after its slot.
    private func run(_ limiter: inout SendRateLimiter, count: Int, lateness: (Int) -> Double) -> [Double] {
        var admittedAt: [Double] = []
        var now = 100.0
        for i in 0..<count {
            if i % 50 == 0 { now += 0.001 }  // requests arrive in bursts; the limiter spreads them
            var at = limiter.reserve(now: now) + lateness(i)
            while let again = limiter.admit(now: at) { at = again }
            admittedAt.append(at)
        }
        return admittedAt.sorted()
    }

    @Test func spacesSendsEvenlyAtJustUnderTheRate() {
        var limiter = SendRateLimiter(perSecond: 10)
        let times = run(&limiter, count: 200) { _ in 0 }
        #expect(RateWindow.busiestSecond(times) <= 10)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= 0.0999 })
        let rate = 199 / (times.last! - times.first!)
        #expect(rate >= 9.5 && rate < 10, "at least 95% of the limit: \(rate)/s")
    }

    @Test func aLateTaskCannotSqueezeInBesideOnTimeOnes() {
        // Every tenth task wakes 80 ms late (a stalled executor); without the admission check the
        // late one and the on-time ones after it would put 11 sends inside one second.
        var limiter = SendRateLimiter(perSecond: 10)
        let times = run(&limiter, count: 300) { i in i % 10 == 3 ? 0.08 : 0 }
        #expect(RateWindow.busiestSecond(times) <= 10)
        // The margin absorbs jitter up to 30 ms after admission: shift every send by up to 30 ms.
        let jittered = times.enumerated().map { $0.element + Double(($0.offset * 7919) % 31) / 1000.0 }.sorted()
        #expect(RateWindow.busiestSecond(jittered) <= 10)
    }
}
