import Foundation
import LoketGateway
import LoketSQLite
import Logging

/// The outbox dispatcher on a ``ManualClock`` with a ``FakeCloudAPI`` and a store on the same clock: tests of
/// timing (backoff, pacing, pauses, the rate limit, the alarm) advance time instead of sleeping.
final class ClockRig: Sendable {
    let clock: ManualClock
    let store: SQLiteStore
    let client: FakeCloudAPI
    let metrics = GatewayMetrics()
    let dispatcher: OutboxDispatcher
    private let running: Task<Void, Never>

    /// Something did not happen within the real-time deadline: the test fails instead of hanging.
    struct Stuck: Error, CustomStringConvertible { let description: String }

    /// - Parameter capacity: how many chats sari may hold.
    init(throughput: Int = 80, capacity: Int = 10, retryFor: TimeInterval? = nil) async throws {
        let clock = ManualClock(now: Date())
        self.clock = clock
        store = try await makeStore(capacity: capacity, clock: { clock.now })
        client = FakeCloudAPI(clock: clock)
        var s = settings(throughput: throughput)
        s.clock = clock
        s.startupQuiet = 0
        if let retryFor { s.retryFor = retryFor }
        var logger = Logger(label: "test.dispatcher")
        logger.logLevel = .critical
        let dispatcher = OutboxDispatcher(store: store, client: client, settings: s, metrics: metrics, logger: logger)
        self.dispatcher = dispatcher
        running = Task { try? await dispatcher.run() }
    }

    /// Returns once the dispatcher and every send it started wait on the clock; throws ``Stuck`` after
    /// `seconds` of real time.
    func settle(within seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while await !dispatcher.isWaiting(on: clock) {
            guard ContinuousClock.now < deadline else { throw Stuck(description: "the dispatcher never came to rest") }
            await Task.yield()
        }
    }

    /// Moves the clock from deadline to deadline (each sleeper wakes exactly on time), letting the dispatcher
    /// settle at each, until `condition` holds; false when it does not within `limit` seconds of clock time.
    func advance(within limit: TimeInterval, until condition: () async throws -> Bool) async throws -> Bool {
        try await advance(within: limit, step: nil, until: condition)
    }

    /// As ``advance(within:until:)``, but in fixed steps of `step` seconds: tasks wake up to `step` late.
    func advance(within limit: TimeInterval, step: TimeInterval?, until condition: () async throws -> Bool) async throws -> Bool {
        let end = clock.now.addingTimeInterval(limit)
        while true {
            try await settle()
            if try await condition() { return true }
            guard let next = step.map({ clock.now.addingTimeInterval($0) }) ?? clock.nextDeadline, next <= end else { return false }
            clock.advance(to: next)
        }
    }

    /// Lets `seconds` of clock time pass, deadline by deadline.
    func run(for seconds: TimeInterval) async throws {
        let end = clock.now.addingTimeInterval(seconds)
        _ = try await advance(within: seconds) { false }
        try await settle()
        clock.advance(to: end)
        try await settle()
    }

    /// Stops the dispatcher (sends in flight finish) and waits until it has, moving the clock as it waits.
    func stop() async throws {
        await dispatcher.stop()
        let finished = OnceFlag()
        let running = self.running
        Task { await running.value; _ = finished.claim() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !finished.isClaimed {
            guard ContinuousClock.now < deadline else { throw Stuck(description: "the dispatcher did not stop") }
            if let next = clock.nextDeadline { clock.advance(to: next) }
            await Task.yield()
        }
    }
}
