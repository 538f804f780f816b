public import Foundation
public import LoketDomain

/// A clock that moves only when told to (swift-nio's `EmbeddedEventLoop.advanceTime` is the model): tests
/// advance it instead of sleeping. ``advance(to:)`` wakes every sleeper whose deadline has passed, earliest
/// deadline first (ties in the order they began sleeping); a cancelled sleeper is woken with `CancellationError`.
public final class ManualClock: LoketClock, @unchecked Sendable {
    private struct Sleeper {
        let deadline: Date
        let order: UInt64
        let wake: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current: Date
    private var sleepers: [UInt64: Sleeper] = [:]
    private var cancelledEarly: Set<UInt64> = []
    private var nextID: UInt64 = 0

    /// - Parameter now: where time starts (tests pick it; nothing here reads the wall clock).
    public init(now: Date) { current = now }

    public var now: Date { lock.withLock { current } }

    /// How many tasks are sleeping on this clock now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline anyone sleeps until, if anyone sleeps.
    public var nextDeadline: Date? { lock.withLock { sleepers.values.map(\.deadline).min() } }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        let id = lock.withLock { nextID += 1; return nextID }
        defer { lock.withLock { _ = cancelledEarly.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                enum Start { case sleep, due, cancelled }
                let start: Start = lock.withLock {
                    if cancelledEarly.remove(id) != nil { return .cancelled }
                    if deadline <= current { return .due }
                    sleepers[id] = Sleeper(deadline: deadline, order: id, wake: c)
                    return .sleep
                }
                switch start {
                case .sleep: break
                case .due: c.resume()
                case .cancelled: c.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = lock.withLock {
                guard let s = sleepers.removeValue(forKey: id) else { cancelledEarly.insert(id); return nil }
                return s
            }
            sleeper?.wake.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward by `seconds` (see ``advance(to:)``).
    public func advance(by seconds: TimeInterval) { advance(to: now.addingTimeInterval(seconds)) }

    /// Moves time to `date` (never backwards) and wakes the sleepers whose deadline has passed, in deadline order.
    /// Each woken task sees `date` as the time when it runs; advance to ``nextDeadline`` to wake tasks exactly on time.
    public func advance(to date: Date) {
        let due: [Sleeper] = lock.withLock {
            current = max(current, date)
            let due = sleepers.values.filter { $0.deadline <= current }
                .sorted { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
            for s in due { sleepers[s.order] = nil }
            return due
        }
        for s in due { s.wake.resume() }
    }
}
