import Foundation
import Testing
import LoketDomain
import LoketGateway

/// The test clock itself: sleepers wake only when time is advanced past their deadline, earliest first, and a
/// cancelled sleeper returns at once.
@Suite struct ManualClockTests {
    /// Records what woke, and when on the clock.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(String, Date)] = []
        func add(_ name: String, _ at: Date) { lock.withLock { entries.append((name, at)) } }
        var names: [String] { lock.withLock { entries.map(\.0) } }
        var times: [Date] { lock.withLock { entries.map(\.1) } }
    }

    @Test func sleepersWakeInDeadlineOrderExactlyOnTime() async throws {
        let clock = ManualClock(now: Date())
        let start = clock.now
        let log = Log()
        for (name, seconds) in [("c", 3.0), ("a", 1.0), ("b", 2.0)] {
            Task { try await clock.sleep(for: seconds); log.add(name, clock.now) }
        }
        #expect(await waitUntil(5) { clock.sleeperCount == 3 })
        #expect(log.names.isEmpty, "nobody wakes before time moves")
        for woken in 1...3 {
            clock.advance(to: try #require(clock.nextDeadline))
            #expect(await waitUntil(5) { log.names.count == woken })
        }
        #expect(log.names == ["a", "b", "c"])
        #expect(log.times.map { $0.timeIntervalSince(start) } == [1, 2, 3])
        #expect(clock.nextDeadline == nil)
    }

    @Test func advancingPastSeveralDeadlinesWakesThemAllAtTheNewTime() async throws {
        let clock = ManualClock(now: Date())
        let start = clock.now
        let log = Log()
        for seconds in [0.5, 1.5, 4.0] { Task { try await clock.sleep(for: seconds); log.add("\(seconds)", clock.now) } }
        #expect(await waitUntil(5) { clock.sleeperCount == 3 })
        clock.advance(by: 2)
        #expect(await waitUntil(5) { log.names.count == 2 })
        #expect(Set(log.names) == ["0.5", "1.5"] && log.times.allSatisfy { $0 == start.addingTimeInterval(2) })
        #expect(clock.sleeperCount == 1)
        // A deadline already passed does not wait.
        try await clock.sleep(until: start)
    }

    @Test func aCancelledSleeperReturnsAtOnce() async throws {
        let clock = ManualClock(now: Date())
        let sleeper = Task { try await clock.sleep(for: 60) }
        #expect(await waitUntil(5) { clock.sleeperCount == 1 })
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        // Cancelled before it sleeps: it does not sleep at all.
        let early = Task { withUnsafeCurrentTask { $0?.cancel() }; try await clock.sleep(for: 60) }
        await #expect(throws: CancellationError.self) { try await early.value }
        #expect(clock.sleeperCount == 0)
    }
}
