import Foundation
import Testing
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore

@Suite(.serialized) struct DispatcherTests {
    /// An agent's reaction goes out as Meta's `reaction` message, and taking it back as an empty emoji.
    @Test func reactionsReachTheCloudAPI() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        let ref = try await openConversation(store)
        let c = try await store.conversation(ref, for: nil)
        let wamid = try #require(try await store.messages(in: c.id, before: nil, limit: 5).first { $0.direction == .inbound }?.wamid)
        try await store.react(ref, to: wamid, emoji: "🙏", by: "sari")
        #expect(await rig.eventually { rig.simulator.acceptedRequests.contains { $0.type == "reaction" && $0.text == "🙏 on \(wamid)" } })
        try await store.react(ref, to: wamid, emoji: "", by: "sari")
        #expect(await rig.eventually { rig.simulator.acceptedRequests.contains { $0.type == "reaction" && $0.text == " on \(wamid)" } })
        #expect(try await rig.eventually { try await store.outboxStats(now: Date()).depth == 0 })
        await rig.stop()
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

    @Test func retriesGiveUpAfterRetryForHoursWithTheLastError() async throws {
        // retry_for_hours scaled down to two minutes of the rig's clock.
        let rig = try await ClockRig(retryFor: 120)
        let store = rig.store
        let ref = try await openConversation(store)
        for _ in 0..<40 { rig.client.inject(.error(code: 131000, httpStatus: 500)) }
        let m = try await store.reply(ref, by: "sari", text: "server Meta sedang sibuk", replyTo: nil)
        #expect(try await rig.advance(within: 1_200) { try await message(store, m.id)?.status == .failed })
        let failed = try #require(try await message(store, m.id))
        #expect(failed.errorCode == 131000)
        #expect(failed.errorTitle?.hasPrefix("gave up after") == true && failed.errorTitle?.contains("injected") == true,
                "\(failed.errorTitle ?? "")")
        #expect(rig.client.acceptedRequests.isEmpty)
        try await rig.stop()
    }

    @Test func theRetryLimitCountsFromWhenTheMessageWasQueued() {
        let queued = Date(timeIntervalSince1970: 1_800_000_000)
        let busy = SendResponse.error(GraphError(httpStatus: 500, code: 131000, message: "Something went wrong", details: nil, isTransient: true))
        let day = SendPolicy.defaultRetryFor
        if case .retry = SendPolicy.decide(busy, transportError: nil, attempt: 30, queuedAt: queued, now: queued.addingTimeInterval(day - 1),
                                           retryFor: day) {} else { Issue.record("gave up before the day was over") }
        #expect(SendPolicy.decide(busy, transportError: nil, attempt: 31, queuedAt: queued, now: queued.addingTimeInterval(day), retryFor: day)
                == .fail(code: 131000, reason: "gave up after 24 h of retries: (#131000) Something went wrong"))
        #expect(SendPolicy.decide(nil, transportError: "connection refused", attempt: 31, queuedAt: queued, now: queued.addingTimeInterval(day),
                                  retryFor: day) == .fail(code: 0, reason: "gave up after 24 h of retries: connection refused"))
        // An alarm keeps the message for after the operator's fix, however long that takes.
        let expired = SendResponse.error(GraphError(httpStatus: 401, code: 190, message: "token expired", details: nil, isTransient: false))
        if case .alarm = SendPolicy.decide(expired, transportError: nil, attempt: 99, queuedAt: queued, now: queued.addingTimeInterval(3 * day),
                                           retryFor: day) {} else { Issue.record("an alarm gave up") }
    }

    @Test func transientErrorsAreRetriedUntilSent() async throws {
        let rig = try await ClockRig()
        let store = rig.store
        let ref = try await openConversation(store)
        rig.client.inject(.error(code: 0, httpStatus: 503))
        rig.client.inject(.error(code: 130429, httpStatus: 400))
        rig.client.inject(.transport)
        let started = rig.clock.now
        let m = try await store.reply(ref, by: "sari", text: "coba lagi", replyTo: nil)
        #expect(try await rig.advance(within: 60) { try await message(store, m.id)?.status == .sent })
        #expect(rig.metrics.value("loket_send_retries_total") == 3)
        let sent = rig.client.acceptedRequests
        #expect(sent.count == 1 && sent.first?.text == "coba lagi")
        #expect(try await message(store, m.id)?.wamid == sent.first?.wamid)
        // Backoff of 1, 2 and 4 s (±20%) before the send that was accepted.
        let waited = try #require(sent.first).at.timeIntervalSince(started)
        #expect(waited >= 0.8 * 7, "backed off for \(waited) s")
        try await rig.stop()
    }

    /// A slow answer over HTTP times out and is retried; the message ends up sent (real time: a real socket).
    @Test func slowAnswersTimeOutAndAreRetried() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store, timeout: 0.5)
        let ref = try await openConversation(store)
        rig.simulator.inject(.slow(1.0))
        let slow = try await store.reply(ref, by: "sari", text: "lambat", replyTo: nil)
        #expect(try await rig.eventually(15) { try await message(store, slow.id)?.status == .read })
        #expect(rig.gateway.metrics.value("loket_send_retries_total") >= 1)
        await rig.stop()
    }

    @Test func throughputPausePausesEverySend() async throws {
        let rig = try await ClockRig()
        let store = rig.store
        let budi = try await openConversation(store, number: "6281234567890")
        let ani = try await openConversation(store, number: "6285612345678", name: "Ani")
        rig.client.inject(.error(code: 130429, httpStatus: 400))
        let started = rig.clock.now
        let first = try await store.reply(budi, by: "sari", text: "pertama", replyTo: nil)
        #expect(try await rig.advance(within: 1) { rig.metrics.value("loket_send_retries_total") == 1 })
        let other = try await store.reply(ani, by: "sari", text: "untuk Ani", replyTo: nil)
        #expect(try await rig.advance(within: 10) { try await message(store, other.id)?.wamid != nil })
        #expect(try await rig.advance(within: 10) { try await message(store, first.id)?.wamid != nil })
        // 130429 is about the whole number: nobody is sent anything before the backoff (≥ 0.8 s) is over.
        for r in rig.client.acceptedRequests { #expect(r.at.timeIntervalSince(started) >= 0.8, "\(r.text) at \(r.at.timeIntervalSince(started))") }
        try await rig.stop()
    }

    @Test func pairRateLimitPacesOnlyThatCustomer() async throws {
        let rig = try await ClockRig()
        let store = rig.store
        let budi = try await openConversation(store, number: "6281234567890")
        let ani = try await openConversation(store, number: "6285612345678", name: "Ani")
        rig.client.inject(.error(code: 131056, httpStatus: 400), recipient: "6281234567890")
        let started = rig.clock.now
        let first = try await store.reply(budi, by: "sari", text: "pertama", replyTo: nil)
        let second = try await store.reply(budi, by: "sari", text: "kedua", replyTo: nil)
        let other = try await store.reply(ani, by: "sari", text: "untuk Ani", replyTo: nil)
        #expect(try await rig.advance(within: 3) { try await message(store, other.id)?.wamid != nil }, "another customer is not held back")
        #expect(try await message(store, first.id)?.wamid == nil)
        #expect(try await rig.advance(within: 15) { try await message(store, second.id)?.wamid != nil })
        let budiTexts = rig.client.acceptedRequests.filter { $0.to == "6281234567890" }
        #expect(budiTexts.map(\.text) == ["pertama", "kedua"], "order kept after pacing")
        let gap = try #require(budiTexts.first).at.timeIntervalSince(started)
        #expect(gap >= SendPolicy.pairPacing, "paced for 6 s, was \(gap)")
        try await rig.stop()
    }

    @Test func expiredTokenRaisesTheAlarmAndStopsSending() async throws {
        let rig = try await ClockRig()
        let store = rig.store
        let ref = try await openConversation(store)
        rig.client.inject(.error(code: 190, httpStatus: 401))
        let m = try await store.reply(ref, by: "sari", text: "halo", replyTo: nil)
        #expect(try await rig.advance(within: 5) { try await store.gatewayState()?.mode == .alarm })
        _ = try await store.reply(ref, by: "sari", text: "halo lagi", replyTo: nil)
        // Well past the retry time the alarm set (60 s): still nothing goes out.
        try await rig.run(for: 120)
        #expect(rig.client.acceptedRequests.isEmpty)
        #expect(try await message(store, m.id)?.status == .queued, "kept queued for after the fix")
        #expect(try await store.outboxStats(now: rig.clock.now).depth == 2)
        #expect(try await store.gatewayState()?.detail.contains("190") == true)
        #expect(rig.metrics.value("loket_gateway_alarm") == 1)
        try await rig.stop()
    }

    /// 40 customers × 3 replies at 40/s; `step` nil wakes every send on time, a step makes sends wake late.
    private func sendAtThroughput(step: TimeInterval?) async throws {
        let throughput = 40
        let rig = try await ClockRig(throughput: throughput, capacity: 40)
        let store = rig.store
        var refs: [ConversationRef] = []
        for i in 0..<40 { refs.append(try await openConversation(store, number: "62811\(String(format: "%07d", i))", name: "C\(i)")) }
        for round in 0..<3 {
            for ref in refs { _ = try await store.reply(ref, by: "sari", text: "pesan \(round)", replyTo: nil) }
        }
        let total = 120
        #expect(try await rig.advance(within: 20, step: step) { rig.client.acceptedRequests.count == total })
        let sent = rig.client.acceptedRequests
        // Each holder's first reply queued the customer's blue ticks ahead of it: requests too, within the throughput.
        #expect(rig.client.readReceipts.count == 40)
        let times = (sent + rig.client.readReceipts).map(\.at.timeIntervalSinceReferenceDate).sorted()
        let worst = RateWindow.busiestSecond(times)
        #expect(worst <= throughput, "\(worst) sends in one second (step \(String(describing: step)))")
        let rate = Double(times.count - 1) / (times.last! - times.first!)
        #expect(rate >= 0.9 * Double(throughput) * (step == nil ? 1 : 0.8), "rate \(rate)/s (step \(String(describing: step)))")
        for number in Set(sent.map(\.to)) {
            #expect(sent.filter { $0.to == number }.map(\.text) == ["pesan 0", "pesan 1", "pesan 2"])
        }
        try await rig.stop()
    }

    @Test func neverExceedsTheThroughputAndKeepsEachCustomersOrder() async throws {
        try await sendAtThroughput(step: nil)
    }

    /// Sends that wake late (the clock jumps 30, 80 or 250 ms at a time, as a stalled executor would) still
    /// never make more than `throughput` sends in any second: admission checks the clock as each goes out.
    @Test(arguments: [0.03, 0.08, 0.25])
    func lateWakingSendsCannotExceedTheThroughput(step: TimeInterval) async throws {
        try await sendAtThroughput(step: step)
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
