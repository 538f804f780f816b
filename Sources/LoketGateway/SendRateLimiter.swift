import Foundation

/// Keeps sends at or under `perSecond` in every one-second window: it remembers the start times of the
/// last `perSecond` sends and grants the next slot no sooner than one second after the oldest of them.
public struct SendRateLimiter: Sendable {
    public let perSecond: Int
    /// One second plus 1% of margin, so network jitter can never squeeze N+1 arrivals into a second.
    static let window: TimeInterval = 1.01
    private var starts: [TimeInterval]
    private var head = 0

    public init(perSecond: Int) {
        self.perSecond = max(1, perSecond)
        starts = Array(repeating: -.infinity, count: self.perSecond)
    }

    /// Reserves the next send slot at or after `now`; returns when it may start.
    public mutating func reserve(now: TimeInterval) -> TimeInterval {
        let slot = max(now, starts[head] + Self.window)
        starts[head] = slot
        head = (head + 1) % perSecond
        return slot
    }
}
