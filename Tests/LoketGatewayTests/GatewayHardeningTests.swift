import Foundation
import Testing
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketSimulator
import LoketSQLite
import LoketStore
import LoketTestSupport
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Operator mistakes and hostile clients: one gateway per SQLite outbox, secrets that cannot
/// leak, and a webhook listener that unauthenticated clients cannot exhaust.
@Suite struct GatewayHardeningTests {
    @Test func aSecondGatewayOnTheStoreIsRefusedAndTouchesNothing() async throws {
        let path = tempStorePath()
        let store = try await makeStore(path: path)
        let first = try Gateway(settings: settings(), store: store, logger: Logger(label: "test"))
        // The first gateway has a message in flight (leased to it).
        let ref = try await openConversation(store)
        _ = try await store.reply(ref, by: "sari", text: "sedang dikirim", replyTo: nil)
        let taken = try await store.takeDueSends(now: Date(), limit: 5, owner: "first")
        #expect(taken.count == 1)
        let other = try SQLiteStore(path: path)
        #expect {
            _ = try Gateway(settings: settings(), store: other, logger: Logger(label: "test"))
        } throws: { error in
            guard let owned = error as? OutboxOwned else { return false }
            return owned.holder.contains("pid \(getpid())") && owned.description.contains("stop it first")
        }
        // Its lease is live: nobody may take it again, and no requeue touches it.
        #expect(try await other.requeueExpiredLeases(now: Date()) == 0)
        #expect(try await other.takeDue(now: Date(), limit: 5, owner: "second").isEmpty)
        first.ownership.release()
        // Once the first has gone, another gateway takes over. (Other tests start processes meanwhile: a child
        // holds a copy of the lock's descriptor from its fork to its exec, so the lock may take a moment to drop.)
        var second: Gateway?
        _ = await waitUntil(5) {
            second = try? Gateway(settings: settings(), store: other, logger: Logger(label: "test"))
            return second != nil
        }
        #expect(second != nil)
        second?.ownership.release()
    }

    @Test func leasesExpireOnlyWhenTheirOwnerStopsRenewingThem() async throws {
        let store = try await makeStore()
        let ref = try await openConversation(store)
        _ = try await store.reply(ref, by: "sari", text: "satu", replyTo: nil)
        let t = Date()
        #expect(try await store.takeDueSends(now: t, limit: 5, owner: "A").count == 1)
        #expect(try await store.takeDue(now: t.addingTimeInterval(OutboxLease.duration - 1), limit: 5, owner: "B").isEmpty)
        // A renews: still A's, past the first lease's end.
        try await store.renewLeases(owner: "A", now: t.addingTimeInterval(OutboxLease.renewEvery))
        #expect(try await store.requeueExpiredLeases(now: t.addingTimeInterval(OutboxLease.duration + 1)) == 0)
        #expect(try await store.takeDue(now: t.addingTimeInterval(OutboxLease.duration + 1), limit: 5, owner: "B").isEmpty)
        // B renewing does not extend A's lease; A dies: the entry comes back once its lease has run out.
        try await store.renewLeases(owner: "B", now: t.addingTimeInterval(OutboxLease.duration + 2))
        let late = t.addingTimeInterval(OutboxLease.renewEvery + OutboxLease.duration + 0.5)
        #expect(try await store.requeueExpiredLeases(now: late) == 1)
        let again = try await store.takeDue(now: late, limit: 5, owner: "B")
        #expect(again.count == 1 && again.first?.attempts == 2)
    }

    @Test func secretsAreCheckedAtStartByNameNeverByValue() {
        var s = settings()
        s.accessToken = Secrets.accessToken + "\r"
        s.secretVariables.accessToken = "MY_TOKEN"
        let problems = s.secretProblems
        #expect(problems.count == 1)
        #expect(problems.first?.contains("$MY_TOKEN contains a carriage return") == true)
        #expect(problems.first?.contains(Secrets.accessToken) == false)
        #expect(s.configurationProblem != nil)
        s.accessToken = Secrets.accessToken
        #expect(s.secretProblems.isEmpty)
    }

    @Test func aTokenTheHTTPStackRefusesRaisesTheAlarmAndLeaksNowhere() async throws {
        let token = Secrets.accessToken + "\r"
        let client = CloudAPIClient(baseURL: "http://127.0.0.1:9/v23.0", phoneNumberID: Secrets.phoneNumberID, token: token, timeout: 2)
        let item = OutboxItem(id: 1, messageID: 1, to: .phone(PhoneNumber(trustedDigits: "6281234567890")),
                              payload: .text(body: "halo", replyTo: nil), attempts: 1)
        await #expect {
            _ = try await client.send(item)
        } throws: { error in
            error is CloudAPIConfigurationError && !"\(error)".contains("EAAtest") && !String(reflecting: error).contains("EAAtest")
        }
        // The gateway with that token: alarm at once, nothing retried, the token in no log line and nowhere in the store.
        let path = tempStorePath()
        let store = try await makeStore(path: path)
        let ref = try await openConversation(store)
        _ = try await store.reply(ref, by: "sari", text: "halo", replyTo: nil)
        var s = settings()
        s.accessToken = token
        s.startupQuiet = 0
        let log = LogCapture()
        let logger = Logger(label: "test") { _ in log }
        let running = await RunningGateway(try Gateway(settings: s, store: store, logger: logger), logger: logger)
        #expect(try await waitUntil(10) { try await store.gatewayState()?.mode == .alarm })
        let state = try await store.gatewayState()
        await running.stop()
        #expect(state?.mode == .alarm && state?.detail.contains("LOKET_ACCESS_TOKEN") == true)
        // Nothing left the building: the reply and the blue ticks its holder's answer queued before it.
        #expect(try await store.outboxStats(now: Date()).depth == 2)
        #expect(!log.text.contains("EAAtest"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("EAAtest".utf8)) == nil, "the token reached the store")
    }

    @Test func redactionRemovesEverySecretForm() {
        let r = SecretRedaction(secrets: ["EAAsecret-token\r", nil, "abc"])
        #expect(r.redact("invalidHeaderFieldValues([\"Bearer EAAsecret-token\r\"])") == "invalidHeaderFieldValues([\"Bearer [redacted]\"])")
        #expect(r.redact("Bearer EAAsecret-token") == "Bearer [redacted]")
        #expect(r.redact("abc stays: too short to be a secret") == "abc stays: too short to be a secret")
    }

    @Test func unauthenticatedClientsCannotExhaustTheListener() async throws {
        let store = try await makeStore()
        // The body timeout runs on a manual clock (the idle timeout is the HTTP server's own, in real time);
        // no access token, so no dispatcher: this is about the listener.
        let clock = ManualClock(now: Date())
        var s = settings()
        s.clock = clock
        s.accessToken = nil
        s.maxUnauthenticatedBytes = 8 << 20   // room for 8 bodies of 1 MiB
        // Long enough that all twenty bodies are held at once even on a loaded machine (one that timed out
        // early would give its share of the budget back, and a later one would not be refused).
        s.bodyTimeout = 5
        s.idleTimeout = 5
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let running = await RunningGateway(try Gateway(settings: s, store: store, logger: logger), logger: logger)
        defer { Task { await running.stop() } }
        // Twenty clients announce 1 MiB bodies, send a little, and stall.
        var held: [RawConnection] = []
        for _ in 0..<20 {
            let c = try RawConnection(port: running.port)
            c.send("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + String(repeating: "{", count: 1000))
            held.append(c)
        }
        // Those beyond the budget are refused at once; the listener still answers health checks quickly.
        var refused = 0
        for c in held {
            // Refused at once; the others get nothing until the body timeout.
            if let line = await c.statusLine(within: 1), line.contains(" 503") { refused += 1 }
        }
        #expect(refused >= 10, "refused \(refused) of 20")
        let health = try RawConnection(port: running.port)
        health.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await health.statusLine(within: 2)?.contains(" 200") == true)
        // The stalled ones are answered 408 (or closed) once the body timeout passes, not held for ever.
        clock.advance(by: s.bodyTimeout)
        var timedOut = 0
        for c in held {
            // Generous deadlines: the server's timers run on real time, and a loaded machine answers late.
            if let line = await c.statusLine(within: 10), line.contains(" 408") || line.contains(" 503") { timedOut += 1 }
            else if await c.isClosed(within: 3) { timedOut += 1 }
        }
        #expect(timedOut == 20)
        // A client that sends nothing at all is disconnected after the idle timeout.
        let silent = try RawConnection(port: running.port)
        #expect(await silent.isClosed(within: 10))
        await running.stop()
    }
}

/// Everything logged, for tests that look for what must not be there.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(event.error.map { "\($0)" } ?? "")") }
    }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}


extension GatewayHardeningTests {
    @Test func aShutdownWaitEndsWhenItsTaskIsCancelled() async throws {
        let signal = ShutdownSignal()
        let waiter = Task { await signal.wait() }
        #expect(await waitUntil(5) { signal.waiting == 1 }, "the wait never began")
        waiter.cancel()
        #expect(await finishes(within: 5) { await waiter.value }, "a cancelled wait must return")
        // Fired: every wait returns, later ones at once.
        let second = Task { await signal.wait() }
        signal.fire()
        #expect(await finishes(within: 5) { await second.value; await signal.wait() })
    }

    /// Whether `body` returns within `seconds`. The test fails at the deadline instead of hanging, even when
    /// `body` never returns (nothing waits for it: a task group would).
    func finishes(within seconds: TimeInterval, _ body: @escaping @Sendable () async -> Void) async -> Bool {
        let once = OnceFlag()
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            Task { await body(); if once.claim() { c.resume(returning: true) } }
            Task { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); if once.claim() { c.resume(returning: false) } }
        }
    }

    @Test func manyWebhooksInARowOnOneGatewayAreAllAnswered() async throws {
        let store = try await makeStore()
        let rig = try await LiveRig(store: store)
        for i in 0..<30 {
            try await rig.simulator.customerWrites(from: "62813900010\(String(format: "%02d", i))", name: "Nasabah \(i)", text: "halo \(i)")
        }
        #expect(try await store.conversations(state: nil, for: nil).count == 30)
        await rig.stop()
    }
}

/// True for the first caller only.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false
    func claim() -> Bool { lock.withLock { defer { taken = true }; return !taken } }
    var isClaimed: Bool { lock.withLock { taken } }
}
