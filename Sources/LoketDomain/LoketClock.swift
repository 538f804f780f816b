public import Foundation

/// Where time comes from for code that waits (the gateway's dispatcher, rate limiter, pruner, assigner):
/// ``SystemClock`` in production, a manual clock in tests, which then advance time instead of sleeping.
public protocol LoketClock: Sendable {
    /// The current time on this clock.
    var now: Date { get }
    /// Returns once `now` has reached `deadline` (at once when it already has); throws `CancellationError`
    /// when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws
}

extension LoketClock {
    /// Sleeps for `seconds` of this clock's time.
    public func sleep(for seconds: TimeInterval) async throws {
        try await sleep(until: now.addingTimeInterval(seconds))
    }
}

/// The wall clock: `Date()` and `Task.sleep`.
public struct SystemClock: LoketClock {
    public init() {}
    public var now: Date { Date() }
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) } else { try Task.checkCancellation() }
    }
}
